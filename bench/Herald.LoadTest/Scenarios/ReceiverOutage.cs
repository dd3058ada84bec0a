using System.Collections.Concurrent;
using Task = System.Threading.Tasks.Task;

using Herald.TestSupport;

namespace Herald.LoadTest.Scenarios;

/// <summary>
/// Scenario 2, receiver outage: the receiver answers 503 for a stretch while writers run, then
/// recovers. Everything must arrive, and the first accepted copy of each event in number order.
/// </summary>
public static class ReceiverOutage
{
    public static async Task<int> RunAsync(int writers, double outageSeconds)
    {
        await using var receiver = new HookReceiver();
        await receiver.StartAsync();
        await using var herald = new HeraldProcess();
        await herald.StartAsync(CancellationToken.None);
        using var client = new HttpClient { BaseAddress = new Uri(herald.BaseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var subscriptionId = await FaultHarness.SubscribeAsync(client, receiver.Url);
        await FaultHarness.WaitUntilAsync(() => receiver.Handshakes > 0, TimeSpan.FromSeconds(30));

        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(() => FaultHarness.WriteAsync(client, acknowledged, stop.Token))).ToList();
        await Task.Delay(TimeSpan.FromSeconds(1));
        receiver.StatusCode = 503;
        await Task.Delay(TimeSpan.FromSeconds(outageSeconds));
        var rejected = receiver.Events.Count(e => !e.Accepted);
        receiver.StatusCode = 200;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await Task.WhenAll(tasks);

        var events = await FaultHarness.EventsAsync(client, subscriptionId);
        var recovery = DateTime.UtcNow;
        await FaultHarness.WaitUntilAsync(() => receiver.Accepted().Distinct().Count() >= events.Count, TimeSpan.FromMinutes(5));
        var recoverySeconds = (DateTime.UtcNow - recovery).TotalSeconds;

        var accepted = receiver.Accepted();
        var firstCopies = accepted.Distinct().ToList();
        var outOfOrder = firstCopies.Zip(firstCopies.Skip(1)).Count(p => p.Second < p.First);
        var undelivered = events.Select(e => e.Number).Except(accepted).Count();
        var byFocus = events.GroupBy(e => e.Focus).ToDictionary(g => g.Key, g => g.Count());
        var withoutEvent = acknowledged.Count(id => byFocus.GetValueOrDefault($"Encounter/{id}") != 1);
        return FaultHarness.Report("outage",
        [
            ("writers:", writers), ("outage (s):", outageSeconds), ("acknowledged writes:", acknowledged.Count), ("events:", events.Count),
            ("rejected deliveries (503):", rejected), ("writes without one event:", withoutEvent), ("events never delivered:", undelivered),
            ("out of order (first copies):", outOfOrder), ("duplicates delivered:", accepted.Count - accepted.Distinct().Count()),
            ("drain after stop (s):", Math.Round(recoverySeconds, 1)),
        ], undelivered + withoutEvent + outOfOrder);
    }
}
