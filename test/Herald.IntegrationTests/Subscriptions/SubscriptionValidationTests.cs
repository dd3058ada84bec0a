using System.Net;
using Hl7.Fhir.Model;
using static Herald.IntegrationTests.Subscriptions.SubscriptionFixtures;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.Subscriptions;

/// <summary>What Herald cannot honour is rejected with a 400 OperationOutcome that says why (SUB-10, SUB-29, SUB-43).</summary>
public sealed class SubscriptionValidationTests : IDisposable
{
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private readonly HeraldFactory _factory;
    private readonly HttpClient _client;

    public SubscriptionValidationTests()
    {
        (_factory, _) = Host();
        _client = _factory.CreateClient();
    }

    private async Task<string> RejectAsync(Resource resource)
    {
        using var response = await _client.PostFhirAsync($"/fhir/{resource.TypeName}", resource.ToJson());
        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        return outcome.Issue[0].Diagnostics;
    }

    [Fact]
    public async Task UnknownTopic_IsRejected() =>
        Assert.Contains("not a topic", await RejectAsync(Subscription("http://example.org/no-such-topic")), StringComparison.Ordinal);

    [Fact]
    public async Task FilterNotAllowedByTopic_IsRejected()
    {
        await _client.CreateAsync(EncounterTopic());
        Assert.Contains("canFilterBy", await RejectAsync(Subscription(filters: "Encounter?class=AMB")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrossVersionFilterExtension_IsRejected()
    {
        await _client.CreateAsync(EncounterTopic());
        var subscription = Subscription();
        subscription.CriteriaElement.Extension.Add(new Extension(
            "http://hl7.org/fhir/5.0/subscriptions-backport/StructureDefinition/backport-filter-criteria", new FhirString("Encounter?patient=Patient/1")));
        Assert.Contains("not supported", await RejectAsync(subscription), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPayloadContent_IsRejected()
    {
        await _client.CreateAsync(EncounterTopic());
        Assert.Contains("payload-content", await RejectAsync(Subscription(content: "everything")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/fhir+json;fhirVersion=5.0")]
    public async Task UnsupportedPayloadMimeOrVersion_IsRejected(string payload)
    {
        await _client.CreateAsync(EncounterTopic());
        var subscription = Subscription();
        subscription.Channel.Payload = payload;
        subscription.Channel.PayloadElement.Extension.Add(new Extension(Backport + "backport-payload-content", new Code("id-only")));
        await RejectAsync(subscription);
    }

    [Fact]
    public async Task UnsupportedChannelType_IsRejected()
    {
        await _client.CreateAsync(EncounterTopic());
        var subscription = Subscription();
        subscription.Channel.TypeElement.Extension.Clear();
        subscription.Channel.Type = Hl7.Fhir.Model.Subscription.SubscriptionChannelType.Email;
        Assert.Contains("not supported", await RejectAsync(subscription), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelValidation_IsApplied()
    {
        await _client.CreateAsync(EncounterTopic());
        var subscription = Subscription();
        subscription.Channel.Endpoint = "reject-me";
        Assert.Contains("rejects", await RejectAsync(subscription), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientSendingActive_IsRejected()
    {
        await _client.CreateAsync(EncounterTopic());
        var subscription = Subscription();
        subscription.Status = Hl7.Fhir.Model.Subscription.SubscriptionStatus.Active;
        Assert.Contains("set by the server", await RejectAsync(subscription), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidTopic_IsRejectedNamingTheElement()
    {
        var topic = EncounterTopic();
        topic.Extension.RemoveAll(e => e.Url.EndsWith(".url", StringComparison.Ordinal));
        var message = await RejectAsync(topic);
        Assert.Contains("url", message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RejectedSubscription_IsNotStored()
    {
        await _client.CreateAsync(EncounterTopic());
        await RejectAsync(Subscription(filters: "Encounter?class=AMB"));
        using var search = await _client.GetFhirAsync("/fhir/Subscription");
        Assert.Equal(0, (await search.ReadAsync<Bundle>()).Total);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
