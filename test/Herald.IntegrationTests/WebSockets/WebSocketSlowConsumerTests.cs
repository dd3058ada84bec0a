using System.Net;
using System.Net.WebSockets;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;
using Herald.Subscriptions.Channels.WebSocket;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>
/// Bounded memory: a client that stops reading fills TCP buffers, then its small send queue, and
/// is closed with 1013; a fast client on the same subscription gets every event, in order.
/// Bounded in count (at most 60 writes of 20 padded Encounters) and in time (socket timeouts).
/// </summary>
public sealed class WebSocketSlowConsumerTests : IDisposable
{
    private const int PerWrite = 20;
    private const int MaxWrites = 60;
    private readonly WebSocketHost _host = new(new Dictionary<string, string?> { ["Herald:WebSocketSendQueue"] = "8" });

    [Fact]
    public async Task SlowClient_IsClosed1013_WhileFastClientGetsEverything()
    {
        var fhirBase = _host.FhirBase();
        var subscription = await _host.SubscribeAsync(content: "full-resource");
        using var slow = await _host.BindAsync(subscription.Id);
        using var fast = await _host.BindAsync(subscription.Id);
        await slow.ReceiveConformantAsync(fhirBase, subscription.Id, NotificationType.Handshake, PayloadContent.FullResource);
        await fast.ReceiveConformantAsync(fhirBase, subscription.Id, NotificationType.Handshake, PayloadContent.FullResource);
        var sockets = _host.Factory.Services.GetRequiredService<WebSocketConnections>();
        var written = 0;
        var received = new System.Collections.Concurrent.ConcurrentQueue<long>();
        var fastReader = ReadEventNumbersAsync(fast, fhirBase, subscription.Id, received);

        // The slow client reads nothing from here on.
        for (var i = 0; i < MaxWrites && sockets.For(Herald.Core.Tenancy.Tenant.Default, subscription.Id).Count > 1; i++)
        {
            await WritePaddedEncountersAsync();
            written += PerWrite;
        }

        Assert.Single(sockets.For(Herald.Core.Tenancy.Tenant.Default, subscription.Id));
        var total = written;
        var (_, close) = await slow.ReceiveUntilCloseAsync();
        Assert.Equal((WebSocketCloseStatus)1013, close.CloseStatus);
        Assert.Contains("$events", close.CloseReason, StringComparison.Ordinal);

        // The timeout only bounds a hang: the fast client is expected to get every event.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (received.Count < total && !fastReader.IsCompleted && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.False(fastReader.IsFaulted, fastReader.Exception?.ToString());
        Assert.Equal(Enumerable.Range(1, total).Select(n => (long)n), received);
        Assert.Equal(WebSocketState.Open, fast.State);
    }

    /// <summary>Reads and checks event-notifications until the socket ends or the test is over.</summary>
    private static async Task ReadEventNumbersAsync(SocketClient socket, string fhirBase, string id, System.Collections.Concurrent.ConcurrentQueue<long> received)
    {
        await Task.Yield();
        while (socket.State == WebSocketState.Open)
        {
            Frame frame;
            try
            {
                frame = await socket.ReceiveAsync();
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (frame.CloseStatus is not null)
            {
                throw new InvalidOperationException($"the fast client was closed: {frame.CloseStatus} {frame.CloseReason}");
            }

            NotificationBundleConformance.AssertConformant(frame.Bundle,
                new ExpectedNotification(fhirBase, id, NotificationType.EventNotification, PayloadContent.FullResource));
            foreach (var number in frame.EventNumbers)
            {
                received.Enqueue(number);
            }
        }
    }

    private async Task WritePaddedEncountersAsync()
    {
        var entries = Enumerable.Range(0, PerWrite).Select(_ =>
        {
            var encounter = SubscriptionFixtures.Encounter("p1");
            encounter.Extension.Add(new Extension("http://example.org/padding", new FhirString(new string('x', 64 * 1024))));
            return BundleJson.Entry(Bundle.HTTPVerb.POST, "Encounter", encounter, $"urn:uuid:{Guid.NewGuid()}");
        }).ToArray();
        using var response = await _host.Client.PostFhirAsync("/fhir", BundleJson.Transaction(entries));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public void Dispose() => _host.Dispose();
}
