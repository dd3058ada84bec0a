using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Herald.LoadTest;

/// <summary>
/// Issue 5's measure: write -> rest-hook receipt latency at a steady write rate next to the create
/// round-trip of the same writes, and deliveries per second to one receiver (maxCount 1 and the
/// default). Herald and the receiver run in this process on real Kestrel and share the Stopwatch
/// clock, so t0 (before sending), t1 (201 arrived) and t2 (notification arrived) are comparable.
/// </summary>
public static class RestHookBench
{
    public static readonly Option<int> Rate = new("--rate") { Description = "resthook: steady creates per second.", DefaultValueFactory = _ => 50 };
    public static readonly Option<int> Seconds = new("--seconds") { Description = "resthook: length of the steady phase.", DefaultValueFactory = _ => 20 };

    public static IEnumerable<Option> Options => [Rate, Seconds];

    public static async Task<int> RunAsync(ParseResult parse, BenchSettings settings, string command)
    {
        var rate = parse.GetValue(Rate);
        var seconds = parse.GetValue(Seconds);
        var mode = settings.Synchronous == "both" ? "full" : settings.Synchronous;
        Console.WriteLine($"Machine: {PerformanceReport.Machine()}");
        Console.WriteLine($"Command: {command}");

        var steady = await SteadyAsync(mode, rate, seconds, settings.Warmup, settings.Clients).ConfigureAwait(false);
        Console.WriteLine(Invariant($"steady {steady.Rate}/s x {steady.Seconds} s ({steady.Creates} creates, achieved {steady.AchievedRate:F1}/s): round-trip p50 {steady.RoundTripP50:F2} p99 {steady.RoundTripP99:F2} ms; write->receipt p50 {steady.ReceiptP50:F1} p99 {steady.ReceiptP99:F1} max {steady.ReceiptMax:F1} ms; ratio p50 {steady.ReceiptP50 / steady.RoundTripP50:F1} p99 {steady.ReceiptP99 / steady.RoundTripP99:F1}; {steady.EventsPerBundle:F2} events/bundle"));

        var bursts = new List<BurstRun>();
        foreach (var maxCount in new int?[] { 1, null })
        {
            var burst = await BurstAsync(mode, maxCount, settings.Creates, settings.Warmup, settings.Clients).ConfigureAwait(false);
            bursts.Add(burst);
            Console.WriteLine(Invariant($"burst maxCount {burst.MaxCount}: {burst.Creates} creates at {burst.Creates / burst.HttpSeconds:F0}/s over HTTP; all events received after {burst.ReceivedSeconds:F2} s: {burst.Bundles / burst.ReceivedSeconds:F0} bundles/s, {burst.Creates / burst.ReceivedSeconds:F0} events/s, {burst.Creates / (double)burst.Bundles:F1} events/bundle; last event {burst.TailSeconds:F2} s after the last 201"));
        }

        Console.WriteLine();
        Console.WriteLine("| rate | creates | round-trip p50 / p99 ms | write->receipt p50 / p99 / max ms | ratio receipt/round-trip p50 | p99 | events/bundle |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(Invariant($"| {steady.Rate}/s x {steady.Seconds} s | {steady.Creates} | {steady.RoundTripP50:F2} / {steady.RoundTripP99:F2} | {steady.ReceiptP50:F1} / {steady.ReceiptP99:F1} / {steady.ReceiptMax:F1} | {steady.ReceiptP50 / steady.RoundTripP50:F1} | {steady.ReceiptP99 / steady.RoundTripP99:F1} | {steady.EventsPerBundle:F2} |"));
        Console.WriteLine();
        Console.WriteLine("| maxCount | creates | creates/s (HTTP) | seconds until all received | bundles/s | events/s | events/bundle | last 201 -> last event s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var b in bursts)
        {
            Console.WriteLine(Invariant($"| {b.MaxCount} | {b.Creates} | {b.Creates / b.HttpSeconds:F0} | {b.ReceivedSeconds:F2} | {b.Bundles / b.ReceivedSeconds:F0} | {b.Creates / b.ReceivedSeconds:F0} | {b.Creates / (double)b.Bundles:F1} | {b.TailSeconds:F2} |"));
        }

        var dir = Path.Combine(Environment.CurrentDirectory, "bench", "results");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, $"resthook-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { date = DateTimeOffset.UtcNow, machine = PerformanceReport.Machine(), command, synchronous = mode, steady, bursts },
            new JsonSerializerOptions { WriteIndented = true })).ConfigureAwait(false);
        Console.WriteLine($"Results: {path}");
        return 0;
    }

    /// <summary>Open loop: create i is sent at start + i/rate whatever earlier creates are doing.</summary>
    private static async Task<SteadyRun> SteadyAsync(string mode, int rate, int seconds, int warmup, int clients)
    {
        await using var host = await RestHookHost.StartAsync(mode, null).ConfigureAwait(false);
        await WarmUpAsync(host, warmup, clients).ConfigureAwait(false);

        var count = rate * seconds;
        var tasks = new List<Task<(string Key, long Sent, long Answered)>>(count);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() is var now && now < due)
            {
                var ms = (due - now) * 1000.0 / Stopwatch.Frequency;
                if (ms > 2)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(ms - 1.5)).ConfigureAwait(false);
                }
                else
                {
                    Thread.Yield();
                }
            }

            tasks.Add(host.CreateEncounterAsync());
        }

        var creates = await Task.WhenAll(tasks).ConfigureAwait(false);
        var achieved = count / Stopwatch.GetElapsedTime(start).TotalSeconds;
        await WaitReceivedAsync(host.Receiver, creates.Select(c => c.Key)).ConfigureAwait(false);
        var roundTrips = creates.Select(c => Ms(c.Answered - c.Sent)).ToList();
        var receipts = creates.Select(c => Ms(host.Receiver.Received[c.Key] - c.Sent)).ToList();
        return new SteadyRun(rate, seconds, count, achieved, Percentile(roundTrips, 0.5), Percentile(roundTrips, 0.99),
            Percentile(receipts, 0.5), Percentile(receipts, 0.99), receipts.Max(), host.Receiver.Events / (double)host.Receiver.Bundles);
    }

    /// <summary>N creates as fast as <paramref name="clients"/> workers go; counted until the receiver has all N events.</summary>
    private static async Task<BurstRun> BurstAsync(string mode, int? maxCount, int count, int warmup, int clients)
    {
        await using var host = await RestHookHost.StartAsync(mode, maxCount).ConfigureAwait(false);
        await WarmUpAsync(host, warmup, clients).ConfigureAwait(false);

        var keys = new string[count];
        long lastAnswered = 0;
        var start = Stopwatch.GetTimestamp();
        var http = await ConcurrentDriver.RunAsync(count, clients, async (_, i) =>
        {
            var created = await host.CreateEncounterAsync().ConfigureAwait(false);
            keys[i] = created.Key;
            InterlockedMax(ref lastAnswered, created.Answered);
        }).ConfigureAwait(false);
        await WaitReceivedAsync(host.Receiver, keys).ConfigureAwait(false);
        var last = host.Receiver.LastAt;
        return new BurstRun(maxCount?.ToString(CultureInfo.InvariantCulture) ?? "default (100)", count, http.Seconds, Ms(last - start) / 1000, host.Receiver.Bundles, Ms(last - lastAnswered) / 1000);
    }

    /// <summary>JIT, connections and the first deliveries, then a clean slate on the receiver.</summary>
    private static async Task WarmUpAsync(RestHookHost host, int warmup, int clients)
    {
        var keys = new string[warmup];
        await ConcurrentDriver.RunAsync(warmup, clients, async (_, i) => keys[i] = (await host.CreateEncounterAsync().ConfigureAwait(false)).Key).ConfigureAwait(false);
        await WaitReceivedAsync(host.Receiver, keys).ConfigureAwait(false);
        host.Receiver.Reset();
    }

    private static async Task WaitReceivedAsync(BenchReceiver receiver, IEnumerable<string> keys)
    {
        var missing = keys.ToList();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while ((missing = missing.Where(k => !receiver.Received.ContainsKey(k)).ToList()).Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{missing.Count} events not received, e.g. {missing[0]}");
            }

            await Task.Delay(1).ConfigureAwait(false);
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public sealed record SteadyRun(int Rate, int Seconds, int Creates, double AchievedRate, double RoundTripP50, double RoundTripP99,
        double ReceiptP50, double ReceiptP99, double ReceiptMax, double EventsPerBundle);

    public sealed record BurstRun(string MaxCount, int Creates, double HttpSeconds, double ReceivedSeconds, long Bundles, double TailSeconds);
}
