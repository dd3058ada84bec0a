using System.Globalization;
using System.Text;

namespace Herald.LoadTest;

/// <summary>
/// Issue 4's measure: Encounter create throughput over HTTP with 0, 100 and 10,000 active
/// subscriptions, and commit-to-event-recorded latency. All hosts are started first and kept
/// alive, then every round measures each host in a rotated order, so drift on a noisy machine
/// hits every count alike; figures are medians over the rounds.
/// </summary>
public static class SubscriptionBench
{
    public static async Task<int> RunAsync(IReadOnlyList<int> counts, BenchSettings settings, string synchronous, string command)
    {
        Console.WriteLine($"Machine: {PerformanceReport.Machine()}");
        Console.WriteLine($"Command: {command}");
        var hosts = new List<SubscriptionHost>();
        try
        {
            foreach (var count in counts)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                hosts.Add(await SubscriptionHost.StartAsync(count, synchronous, settings.Clients).ConfigureAwait(false));
                Console.WriteLine(Invariant($"host with {count} subscriptions ready in {watch.Elapsed.TotalSeconds:F1} s"));
            }

            var runs = new List<SubscriptionRun>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                for (var k = 0; k < hosts.Count; k++)
                {
                    var host = hosts[(round - 1 + k) % hosts.Count];
                    var run = await host.MeasureAsync(round, settings.Warmup, settings.Creates, settings.Clients).ConfigureAwait(false);
                    runs.Add(run);
                    Console.WriteLine(Invariant(
                        $"round {round} subs {run.Subscriptions,6}: {run.HttpPerSecond,6:F0} creates/s over HTTP, {run.DrainedPerSecond,6:F0}/s until recorded; HTTP p50 {run.HttpP50Ms:F2} p99 {run.HttpP99Ms:F2} ms; commit->recorded p50 {run.CommitToRecordedP50Ms:F1} p99 {run.CommitToRecordedP99Ms:F1} ms; 2xx->recorded p50 {run.ResponseToRecordedP50Ms:F1} p99 {run.ResponseToRecordedP99Ms:F1} ms; {run.Events} events"));
                }
            }

            Console.WriteLine();
            Console.Write(Table(counts, runs));
            var dir = Path.Combine(Environment.CurrentDirectory, "bench", "results");
            Directory.CreateDirectory(dir);
            var path = Path.Combine(dir, $"subscriptions-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
            await File.WriteAllTextAsync(path, System.Text.Json.JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine = PerformanceReport.Machine(), command, runs },
                new System.Text.Json.JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
            Console.WriteLine($"Results: {path}");
            return 0;
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Table(IReadOnlyList<int> counts, List<SubscriptionRun> runs)
    {
        var zero = runs.Where(r => r.Subscriptions == counts[0]).ToList();
        var text = new StringBuilder();
        text.AppendLine("| subscriptions | creates/s (HTTP) | ratio to " + counts[0] + " | creates/s until recorded | ratio to " + counts[0] + " | HTTP p50 / p99 ms | commit->recorded p50 / p99 ms | 2xx->recorded p50 / p99 ms | events per create |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var count in counts)
        {
            var mine = runs.Where(r => r.Subscriptions == count).ToList();
            text.AppendLine(Invariant(
                $"| {count:N0} | {Median(mine, r => r.HttpPerSecond):F0} | {Median(mine, r => r.HttpPerSecond) / Median(zero, r => r.HttpPerSecond):F2} | {Median(mine, r => r.DrainedPerSecond):F0} | {Median(mine, r => r.DrainedPerSecond) / Median(zero, r => r.DrainedPerSecond):F2} | {Median(mine, r => r.HttpP50Ms):F2} / {Median(mine, r => r.HttpP99Ms):F2} | {Median(mine, r => r.CommitToRecordedP50Ms):F1} / {Median(mine, r => r.CommitToRecordedP99Ms):F1} | {Median(mine, r => r.ResponseToRecordedP50Ms):F1} / {Median(mine, r => r.ResponseToRecordedP99Ms):F1} | {mine.Sum(r => r.Events) / (double)mine.Sum(r => r.Creates):F2} |"));
        }

        return text.ToString();
    }

    private static double Median(List<SubscriptionRun> runs, Func<SubscriptionRun, double> value)
    {
        var sorted = runs.Select(value).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
