using System.Collections.Concurrent;
using Task = System.Threading.Tasks.Task;

using Herald.TestSupport;

namespace Herald.LoadTest.Scenarios;

/// <summary>
/// Scenario 1, kill -9 under load: concurrent writers, a rest-hook subscription to a receiver
/// run here, Herald SIGKILLed several times mid-stream and restarted on the same data. Lost =
/// acknowledged writes without exactly one event + event numbers never delivered + gaps.
/// </summary>
public static class KillUnderLoad
{
    public static async Task<int> RunAsync(int kills, int writers, double secondsBetweenKills)
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
        var started = DateTime.UtcNow;
        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(() => FaultHarness.WriteAsync(client, acknowledged, stop.Token))).ToList();
        for (var kill = 0; kill < kills; kill++)
        {
            await Task.Delay(TimeSpan.FromSeconds(secondsBetweenKills));
            await herald.KillAsync();
            Console.WriteLine($"  kill {kill + 1}: SIGKILL after {acknowledged.Count} acknowledged writes");
            await herald.StartAsync(CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(secondsBetweenKills));
        await stop.CancelAsync();
        await Task.WhenAll(tasks);
        var writeSeconds = (DateTime.UtcNow - started).TotalSeconds;

        var events = await FaultHarness.EventsAsync(client, subscriptionId);
        var caughtUp = DateTime.UtcNow;
        await FaultHarness.WaitUntilAsync(() => receiver.Accepted().Distinct().Count() >= events.Count, TimeSpan.FromMinutes(5));
        var catchUpSeconds = (DateTime.UtcNow - caughtUp).TotalSeconds;

        var byFocus = events.GroupBy(e => e.Focus).ToDictionary(g => g.Key, g => g.Count());
        var withoutEvent = acknowledged.Count(id => !byFocus.ContainsKey($"Encounter/{id}"));
        var multiple = byFocus.Count(f => f.Value > 1);
        var gaps = events.Select((e, i) => e.Number != i + 1).Count(bad => bad);
        var accepted = receiver.Accepted();
        var undelivered = events.Select(e => e.Number).Except(accepted).Count();
        return FaultHarness.Report("kill9",
        [
            ("kills:", kills), ("writers:", writers), ("acknowledged writes:", acknowledged.Count), ("events:", events.Count),
            ("writes without event:", withoutEvent), ("writes with >1 event:", multiple), ("gaps in numbering:", gaps),
            ("events never delivered:", undelivered), ("duplicates delivered:", accepted.Count - accepted.Distinct().Count()),
            ("writes/s (incl. restarts):", Math.Round(acknowledged.Count / writeSeconds)), ("catch-up after stop (s):", Math.Round(catchUpSeconds, 1)),
        ], withoutEvent + multiple + gaps + undelivered);
    }
}
