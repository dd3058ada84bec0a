using System.Net;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using static Herald.IntegrationTests.RestHook.RestHookFixtures;
using static Herald.IntegrationTests.Subscriptions.SubscriptionFixtures;
using Sub = Hl7.Fhir.Model.Subscription;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.RestHook;

/// <summary>rest-hook end to end against a real receiver: handshake, delivery, headers, outages, heartbeats.</summary>
public sealed class RestHookTests : IAsyncLifetime
{
    private readonly TestReceiver _receiver = new();
    private HeraldFactory _factory = RestHookFixtures.Host();
    private HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        await _receiver.StartAsync();
        _client = _factory.CreateClient();
    }

    private async Task<Sub.SubscriptionStatus?> StatusAsync(string id)
    {
        using var response = await _client.GetFhirAsync($"/fhir/Subscription/{id}");
        return (await response.ReadAsync<Sub>()).Status;
    }

    private async Task<bool> WaitForStatusAsync(string id, Sub.SubscriptionStatus status)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await StatusAsync(id) == status)
            {
                return true;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        return false;
    }

    [Fact]
    public async Task Create_ReturnsRequested_ThenHandshakeMakesItActive()
    {
        var created = await _client.SubscribeAsync(RestHookSubscription(_receiver.Url), EncounterTopic());

        Assert.Equal(Sub.SubscriptionStatus.Requested, created.Status);
        Assert.True(await TestReceiver.WaitUntilAsync(() => _receiver.OfType("handshake").Count > 0));
        var handshake = _receiver.OfType("handshake")[0];
        Assert.Equal("requested", handshake.Status.ParameterValue("status"));
        Assert.Equal("0", handshake.Status.ParameterValue("events-since-subscription-start"));
        NotificationBundleConformance.AssertConformant(handshake.Bundle,
            new ExpectedNotification("http://localhost/fhir", created.Id, NotificationType.Handshake, PayloadContent.IdOnly));
        Assert.True(await WaitForStatusAsync(created.Id, Sub.SubscriptionStatus.Active));
    }

    [Fact]
    public async Task Handshake_ThatKeepsFailing_EndsInErrorWithAReason()
    {
        await using var factory = RestHookFixtures.Host(extra: ("Herald:HandshakeAttempts", "2"));
        var client = factory.CreateClient();
        _receiver.StatusCode = 500;
        var created = await client.SubscribeAsync(RestHookSubscription(_receiver.Url), EncounterTopic());

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        Sub stored;
        do
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            using var response = await client.GetFhirAsync($"/fhir/Subscription/{created.Id}");
            stored = await response.ReadAsync<Sub>();
        }
        while (stored.Status != Sub.SubscriptionStatus.Error && DateTime.UtcNow < deadline);

        Assert.Equal(Sub.SubscriptionStatus.Error, stored.Status);
        Assert.Contains("Handshake failed", stored.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Receiver_ThatStartsLate_StillGetsTheHandshake()
    {
        await _receiver.StopAsync();
        var created = await _client.SubscribeAsync(RestHookSubscription(_receiver.Url), EncounterTopic());
        await Task.Delay(300, TestContext.Current.CancellationToken);
        await _receiver.StartAsync();

        Assert.True(await WaitForStatusAsync(created.Id, Sub.SubscriptionStatus.Active));
        Assert.NotEmpty(_receiver.OfType("handshake"));
    }

    [Theory]
    [InlineData("empty", "application/fhir+json")]
    [InlineData("id-only", "application/fhir+json")]
    [InlineData("full-resource", "application/fhir+xml")]
    public async Task Events_AreConformantWithExactContentTypeAndHeaders(string content, string payload)
    {
        var created = await _client.SubscribeAsync(RestHookSubscription(_receiver.Url, content, payload), EncounterTopic());
        await WaitForStatusAsync(created.Id, Sub.SubscriptionStatus.Active);
        await _client.CreateAsync(Encounter("p"));
        await _client.CreateAsync(Encounter("p"));

        Assert.True(await TestReceiver.WaitUntilAsync(() => _receiver.OfType("event-notification").SelectMany(r => r.EventNumbers).Count() >= 2));

        foreach (var received in _receiver.OfType("event-notification"))
        {
            Assert.Equal(payload, received.ContentType);
            Assert.Equal("Bearer secret", received.Headers["Authorization"]);
            Assert.Equal("a: b", received.Headers["X-Custom"]);
            NotificationBundleConformance.AssertConformant(received.Bundle, new ExpectedNotification(
                "http://localhost/fhir", created.Id, NotificationType.EventNotification, PayloadContentCodes.Parse(content)!.Value) { TopicUrl = EncounterTopicUrl });
        }
    }

    [Fact]
    public async Task ReceiverOutage_EverythingArrivesInOrder_AndStatusGoesErrorThenActive()
    {
        var created = await _client.SubscribeAsync(RestHookSubscription(_receiver.Url), EncounterTopic());
        Assert.True(await WaitForStatusAsync(created.Id, Sub.SubscriptionStatus.Active));
        _receiver.StatusCode = 503;
        for (var i = 0; i < 10; i++)
        {
            await _client.CreateAsync(Encounter("p"));
        }

        Assert.True(await WaitForStatusAsync(created.Id, Sub.SubscriptionStatus.Error));
        _receiver.StatusCode = 200;

        Assert.True(await TestReceiver.WaitUntilAsync(() => _receiver.AcceptedEventNumbers().Distinct().Count() >= 10));
        Assert.True(await WaitForStatusAsync(created.Id, Sub.SubscriptionStatus.Active));
        var accepted = _receiver.AcceptedEventNumbers();
        Assert.Equal(Enumerable.Range(1, 10).Select(n => (long)n), accepted);
    }

    [Fact]
    public async Task Heartbeats_ArriveWhenAPeriodIsSet_AndNeverOtherwise()
    {
        var with = await _client.SubscribeAsync(RestHookSubscription(_receiver.Url, heartbeatSeconds: 1), EncounterTopic());
        var without = await _client.SubscribeAsync(RestHookSubscription(_receiver.Url));

        Assert.True(await TestReceiver.WaitUntilAsync(() => _receiver.OfType("heartbeat").Count >= 2));

        var heartbeats = _receiver.OfType("heartbeat");
        Assert.All(heartbeats, h => Assert.EndsWith(with.Id, h.Status.ParameterValue("subscription"), StringComparison.Ordinal));
        Assert.DoesNotContain(heartbeats, h => h.Status.ParameterValue("subscription")!.EndsWith(without.Id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restart_WhileRetriesArePending_DeliversEverythingAfterwards()
    {
        var created = await _client.SubscribeAsync(RestHookSubscription(_receiver.Url), EncounterTopic());
        Assert.True(await WaitForStatusAsync(created.Id, Sub.SubscriptionStatus.Active));
        _receiver.StatusCode = 503;
        for (var i = 0; i < 5; i++)
        {
            await _client.CreateAsync(Encounter("p"));
        }

        _factory.KeepData = true;
        var dataDir = _factory.DataDir;
        _client.Dispose();
        await _factory.DisposeAsync();
        _receiver.StatusCode = 200;
        _factory = RestHookFixtures.Host(dataDir);
        _factory.KeepData = false;
        _client = _factory.CreateClient();

        Assert.True(await TestReceiver.WaitUntilAsync(() =>
            _receiver.OfType("event-notification").SelectMany(r => r.EventNumbers).Distinct().Count() >= 5));
        var numbers = _receiver.OfType("event-notification").SelectMany(r => r.EventNumbers).Distinct().Order();
        Assert.Equal(Enumerable.Range(1, 5).Select(n => (long)n), numbers);
    }

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("http://169.254.169.254/latest")]
    public async Task PrivateEndpoint_IsRejectedByDefault(string endpoint)
    {
        await using var factory = RestHookFixtures.Host(allowPrivate: false);
        var client = factory.CreateClient();
        await client.CreateAsync(EncounterTopic());

        using var response = await client.PostFhirAsync("/fhir/Subscription", RestHookSubscription(endpoint).ToJson());

        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Contains("allow-private-endpoints", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ftp://example.org/hook")]
    [InlineData("not a url")]
    public async Task MissingOrNonHttpEndpoint_IsRejected(string? endpoint)
    {
        await _client.CreateAsync(EncounterTopic());
        var subscription = RestHookSubscription("http://placeholder");
        subscription.Channel.Endpoint = endpoint;

        using var response = await _client.PostFhirAsync("/fhir/Subscription", subscription.ToJson());

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task FullResourceOverPlainHttp_IsRejectedUnlessConfigured()
    {
        await using var factory = RestHookFixtures.Host(extra: ("Herald:AllowFullResourceOverHttp", "false"));
        var client = factory.CreateClient();
        await client.CreateAsync(EncounterTopic());

        using var response = await client.PostFhirAsync("/fhir/Subscription", RestHookSubscription(_receiver.Url, "full-resource").ToJson());

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
