using System.Net;
using System.Net.WebSockets;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>The socket protocol over a real Kestrel: bind, handshake first, events, several subscriptions and clients (SUB-34, SUB-35).</summary>
public sealed class WebSocketProtocolTests : IDisposable
{
    private readonly WebSocketHost _host = new();

    private string Base => _host.FhirBase();

    [Fact]
    public async Task Bind_SendsHandshakeFirst_ThenTheEventNotification()
    {
        var subscription = await _host.SubscribeAsync();
        using var socket = await _host.BindAsync(subscription.Id);

        var handshake = await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);
        NotificationBundleConformance.AssertConformant(handshake.Bundle,
            new ExpectedNotification(Base, subscription.Id, NotificationType.Handshake, PayloadContent.IdOnly) { EventsSinceSubscriptionStart = 0 });
        var encounter = await _host.WriteEncounterAsync();

        var notification = await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.EventNotification);
        NotificationBundleConformance.AssertConformant(notification.Bundle,
            new ExpectedNotification(Base, subscription.Id, NotificationType.EventNotification, PayloadContent.IdOnly)
            {
                EventNumbers = [1], EventsSinceSubscriptionStart = 1, TopicUrl = SubscriptionFixtures.EncounterTopicUrl,
            });
        Assert.EndsWith($"/Encounter/{encounter.Id}", notification.Bundle.Entry[1].FullUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JsonBindMessage_IsAccepted_AndFullResourceIsCarried()
    {
        var subscription = await _host.SubscribeAsync(content: "full-resource");
        var (token, url) = await _host.TokenAsync("/fhir", subscription.Id);
        using var socket = await SocketClient.ConnectAsync(url);
        await socket.SendTextAsync("{\"type\":\"bind-with-token\",\"payload\":{\"token\":\"" + token + "\"}}");

        await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake, PayloadContent.FullResource);
        var encounter = await _host.WriteEncounterAsync();
        var notification = await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.EventNotification, PayloadContent.FullResource);
        Assert.Equal(encounter.Id, Assert.IsType<Encounter>(notification.Bundle.Entry[1].Resource).Id);
    }

    [Fact]
    public async Task TwoSubscriptions_OneSocket_EachGetsHandshakeAndEvents()
    {
        var first = await _host.SubscribeAsync();
        var second = await _host.SubscribeAsync(content: "empty", withTopic: false);
        using var socket = await _host.BindAsync(first.Id, second.Id);

        var handshakes = new[] { await socket.ReceiveAsync(), await socket.ReceiveAsync() };
        Assert.All(handshakes, h => Assert.Equal(NotificationType.Handshake, h.Type));
        Assert.Equal(new[] { first.Id, second.Id }.Order(), handshakes.Select(h => h.SubscriptionId).Order());
        await _host.WriteEncounterAsync();

        var events = new[] { await socket.ReceiveAsync(), await socket.ReceiveAsync() };
        Assert.Equal(new[] { first.Id, second.Id }.Order(), events.Select(e => e.SubscriptionId).Order());
        foreach (var frame in events)
        {
            var content = frame.SubscriptionId == first.Id ? PayloadContent.IdOnly : PayloadContent.Empty;
            NotificationBundleConformance.AssertConformant(frame.Bundle,
                new ExpectedNotification(Base, frame.SubscriptionId, NotificationType.EventNotification, content) { EventNumbers = [1] });
        }
    }

    [Fact]
    public async Task TwoClients_OneSubscription_BothReceive()
    {
        var subscription = await _host.SubscribeAsync();
        using var a = await _host.BindAsync(subscription.Id);
        using var b = await _host.BindAsync(subscription.Id);
        await a.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);
        await b.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);

        await _host.WriteEncounterAsync();

        Assert.Equal([1L], (await a.ReceiveConformantAsync(Base, subscription.Id, NotificationType.EventNotification)).EventNumbers);
        Assert.Equal([1L], (await b.ReceiveConformantAsync(Base, subscription.Id, NotificationType.EventNotification)).EventNumbers);
    }

    [Fact]
    public async Task RenewalBind_OnTheSameSocket_HandshakesAgain_AndEventsArriveOnce()
    {
        var subscription = await _host.SubscribeAsync();
        using var socket = await _host.BindAsync(subscription.Id);
        await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);
        var (token, _) = await _host.TokenAsync("/fhir", subscription.Id);

        await socket.SendTextAsync($"bind-with-token {token}");
        await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);
        await _host.WriteEncounterAsync();
        await _host.WriteEncounterAsync();

        var numbers = new List<long>();
        while (numbers.Count < 2)
        {
            numbers.AddRange((await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.EventNotification)).EventNumbers);
        }

        Assert.Equal([1L, 2L], numbers);
    }

    [Fact]
    public async Task Heartbeat_ArrivesWhenIdle_OnlyWithAPeriod()
    {
        var subscription = await _host.SubscribeAsync(heartbeatSeconds: 1);
        using var socket = await _host.BindAsync(subscription.Id);
        await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);

        var heartbeat = await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Heartbeat);
        NotificationBundleConformance.AssertConformant(heartbeat.Bundle,
            new ExpectedNotification(Base, subscription.Id, NotificationType.Heartbeat, PayloadContent.IdOnly) { EventsSinceSubscriptionStart = 0 });
    }

    [Fact]
    public async Task Recovery_AfterDisconnect_HandshakeCountShowsTheGap_AndEventsReplaysIt()
    {
        var subscription = await _host.SubscribeAsync();
        using (var first = await _host.BindAsync(subscription.Id))
        {
            await first.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);
            await _host.WriteEncounterAsync();
            Assert.Equal([1L], (await first.ReceiveConformantAsync(Base, subscription.Id, NotificationType.EventNotification)).EventNumbers);
            await first.CloseAsync();
        }

        // Away: two events happen with no socket bound; they stay in the event log.
        await _host.WriteEncounterAsync();
        await _host.WriteEncounterAsync();
        await WaitForCountAsync(subscription.Id, 3);

        using var second = await _host.BindAsync(subscription.Id);
        var handshake = await second.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);
        Assert.Equal("3", SubscriptionTestClient.StatusOf(handshake.Bundle).ParameterValue("events-since-subscription-start"));
        using var replay = await _host.Client.GetFhirAsync($"/fhir/Subscription/{subscription.Id}/$events?eventsSinceNumber=2");
        var bundle = await replay.ReadAsync<Bundle>();
        NotificationBundleConformance.AssertConformant(bundle,
            new ExpectedNotification(Base, subscription.Id, NotificationType.QueryEvent, PayloadContent.IdOnly) { EventNumbers = [2, 3] });
    }

    private async Task WaitForCountAsync(string id, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _host.Client.GetFhirAsync($"/fhir/Subscription/{id}/$status");
            var status = (Parameters)(await response.ReadAsync<Bundle>()).Entry[0].Resource;
            if (long.Parse(status.ParameterValue("events-since-subscription-start") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= count)
            {
                return;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => _host.Dispose();
}
