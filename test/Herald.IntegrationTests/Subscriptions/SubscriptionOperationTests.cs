using System.Net;
using Hl7.Fhir.Model;
using static Herald.IntegrationTests.Subscriptions.SubscriptionFixtures;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.Subscriptions;

/// <summary>$status and $events, and what /metadata says about subscriptions.</summary>
public sealed class SubscriptionOperationTests : IDisposable
{
    private readonly HeraldFactory _factory;
    private readonly RecordingChannel _channel;
    private readonly HttpClient _client;

    public SubscriptionOperationTests()
    {
        (_factory, _channel) = Host();
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Status_Instance_ReportsStatusTypeAndCount()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        await _client.CreateAsync(Encounter("p"));
        await _client.CreateAsync(Encounter("p"));
        await _channel.WaitForEventsAsync(subscription.Id, 2);

        using var response = await _client.GetFhirAsync($"/fhir/Subscription/{subscription.Id}/$status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        var status = Assert.IsType<Parameters>(Assert.Single(bundle.Entry).Resource);
        Assert.Equal("query-status", status.ParameterValue("type"));
        Assert.Equal("active", status.ParameterValue("status"));
        Assert.Equal("2", status.ParameterValue("events-since-subscription-start"));
        Assert.DoesNotContain(status.Parameter, p => p.Name == "notification-event");
    }

    [Fact]
    public async Task Status_TypeLevel_FiltersByIdAndStatus()
    {
        var first = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        var second = await _client.SubscribeAsync(Subscription());

        using var byId = await _client.GetFhirAsync($"/fhir/Subscription/$status?id={second.Id}");
        using var all = await _client.GetFhirAsync("/fhir/Subscription/$status");
        using var off = await _client.GetFhirAsync("/fhir/Subscription/$status?status=off");

        Assert.Single((await byId.ReadAsync<Bundle>()).Entry);
        Assert.Equal(2, (await all.ReadAsync<Bundle>()).Entry.Count);
        Assert.Empty((await off.ReadAsync<Bundle>()).Entry);
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Status_UnknownSubscription_Is404()
    {
        using var response = await _client.GetFhirAsync("/fhir/Subscription/nope/$status");
        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Events_ReturnsStoredEventsInRangeAsQueryEvent()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        for (var i = 0; i < 4; i++)
        {
            await _client.CreateAsync(Encounter("p"));
        }

        await _channel.WaitForEventsAsync(subscription.Id, 4);

        using var response = await _client.GetFhirAsync($"/fhir/Subscription/{subscription.Id}/$events?eventsSinceNumber=2&eventsUntilNumber=3");

        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal(Bundle.BundleType.History, bundle.Type);
        var status = SubscriptionTestClient.StatusOf(bundle);
        Assert.Equal("query-event", status.ParameterValue("type"));
        Assert.Equal("4", status.ParameterValue("events-since-subscription-start"));
        Assert.Equal([2L, 3L], SubscriptionTestClient.EventNumbers([new Herald.Subscriptions.Channels.Notification(default, bundle, 0, 0)]));
    }

    [Fact]
    public async Task Events_WithFullResourceHint_ReplaysTheTriggeringVersion()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        var encounter = await _client.CreateAsync(Encounter("p"));
        encounter.Status = Hl7.Fhir.Model.Encounter.EncounterStatus.Finished;
        using (await _client.PutFhirAsync($"/fhir/Encounter/{encounter.Id}", encounter.ToJson()))
        {
        }

        await _channel.WaitForEventsAsync(subscription.Id, 2);
        using var response = await _client.GetFhirAsync($"/fhir/Subscription/{subscription.Id}/$events?eventsSinceNumber=1&eventsUntilNumber=1&content=full-resource");

        var bundle = await response.ReadAsync<Bundle>();
        var replayed = Assert.IsType<Encounter>(bundle.Entry[1].Resource);
        Assert.Equal("1", replayed.Meta.VersionId);
        Assert.Equal(Hl7.Fhir.Model.Encounter.EncounterStatus.InProgress, replayed.Status);
    }

    [Fact]
    public async Task Events_BadNumber_Is400()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        using var response = await _client.GetFhirAsync($"/fhir/Subscription/{subscription.Id}/$events?eventsSinceNumber=abc");
        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Metadata_AdvertisesTopicsProfileAndOperations()
    {
        await _client.CreateAsync(EncounterTopic());

        using var response = await _client.GetFhirAsync("/fhir/metadata");

        var statement = await response.ReadAsync<CapabilityStatement>();
        var subscription = statement.Rest[0].Resource.Single(r => r.Type == "Subscription");
        Assert.Contains(subscription.Extension, e => e.Url.EndsWith("capabilitystatement-subscriptiontopic-canonical", StringComparison.Ordinal)
            && e.Value is Canonical c && c.Value == EncounterTopicUrl);
        Assert.Contains("http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription", subscription.SupportedProfile);
        Assert.Contains(subscription.Operation, o => o.Name == "status");
        Assert.Contains(subscription.Operation, o => o.Name == "events");
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
