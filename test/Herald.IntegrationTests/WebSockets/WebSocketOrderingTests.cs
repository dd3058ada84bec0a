using System.Net;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>
/// 10,000 events to one client arrive in order with no gap (issue 6). The client reads while the
/// writes go on, as a real one would. The send queue is raised to the event count: this test is
/// about order and gaps, not back-pressure (WebSocketSlowConsumerTests covers the 1013), and with
/// the default 256 frames a stall of the test's own reader (GC, parsing every frame for the
/// conformance check on a 2-core machine) could close the socket and fail it for the wrong reason.
/// </summary>
public sealed class WebSocketOrderingTests : IDisposable
{
    private const int Count = 10_000;
    private const int PerBundle = 500;
    private readonly WebSocketHost _host = new(new Dictionary<string, string?> { ["Herald:WebSocketSendQueue"] = Count.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    [Fact]
    public async Task TenThousandEvents_ArriveInOrder_WithNoGap()
    {
        var fhirBase = _host.FhirBase();
        var subscription = await _host.SubscribeAsync();
        using var socket = await _host.BindAsync(subscription.Id);
        await socket.ReceiveConformantAsync(fhirBase, subscription.Id, NotificationType.Handshake);
        var reader = ReadEventNumbersAsync(socket, fhirBase, subscription.Id);

        for (var batch = 0; batch < Count / PerBundle; batch++)
        {
            // A transaction triggers exactly like single writes: one event per Encounter.
            var entries = Enumerable.Range(0, PerBundle)
                .Select(_ => BundleJson.Entry(Bundle.HTTPVerb.POST, "Encounter", SubscriptionFixtures.Encounter("p1"), $"urn:uuid:{Guid.NewGuid()}"))
                .ToArray();
            using var response = await _host.Client.PostFhirAsync("/fhir", BundleJson.Transaction(entries));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var (numbers, frames) = await reader;
        Assert.Equal(Enumerable.Range(1, Count).Select(n => (long)n), numbers);
        Assert.InRange(frames, 1, Count);
    }

    /// <summary>Reads event frames until <see cref="Count"/> events (a frame may carry several); every frame is checked for conformance.</summary>
    private static async Task<(List<long> Numbers, int Frames)> ReadEventNumbersAsync(SocketClient socket, string fhirBase, string subscriptionId)
    {
        await Task.Yield();
        var numbers = new List<long>(Count);
        var frames = 0;
        while (numbers.Count < Count)
        {
            var frame = await socket.ReceiveConformantAsync(fhirBase, subscriptionId, NotificationType.EventNotification);
            numbers.AddRange(frame.EventNumbers);
            frames++;
        }

        return (numbers, frames);
    }

    public void Dispose() => _host.Dispose();
}
