using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Herald.LoadTest.Scenarios;

/// <summary>
/// Issue 9 scenario 4: per configuration, (a) throughput: <c>creates</c> Encounter creates from
/// <c>clients</c> concurrent workers (creates/s at the 201s, and events/s until the last notification
/// arrived); (b) latency: <c>rate</c>/s for <c>seconds</c> s, one at a time, POST sent -> 201 and
/// POST sent -> notification arrived, p50/p99. Baselines in the same run: Herald with no
/// subscription, a bare Kestrel POST endpoint, raw SQLite inserts.
/// </summary>
public static class SteadyState
{
    public static async Task<int> RunAsync(int subscriptions, int rate, int seconds, int creates, int clients, string command)
    {
        Console.WriteLine($"# Scenario 4: steady state ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, nproc {Environment.ProcessorCount})\n\n`{command}`\n");
        Console.WriteLine($"throughput: {creates} creates, {clients} clients; latency: {rate}/s for {seconds} s sequential; SQLite synchronous=full\n");
        Console.WriteLine("| configuration | setup s | creates/s (201s) | events/s (last arrival) | round-trip p50 ms | p99 ms | write -> notification p50 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");

        var docs = Enumerable.Range(0, creates + 100).Select(i => SubscriptionDocuments.Encounter(0, i)).ToList();
        var sqlite = await RawSqliteBaseline.RunAsync("full", 1, clients, false, docs.Take(100).ToList(), docs.Skip(100).ToList()).ConfigureAwait(false);
        Console.WriteLine($"| raw SQLite insert (baseline) | - | {sqlite.PerSecond:0} | - | {F(sqlite.P50Ms)} | {F(sqlite.P99Ms)} | - | - |");

        await using (var raw = await RawPostServer.StartAsync().ConfigureAwait(false))
        {
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(raw.Root) };
            Func<Task<(string, long, long)>> post = async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                using var content = new StringContent(docs[0], Encoding.UTF8, "application/fhir+json");
                using var response = await http.PostAsync("Encounter", content).ConfigureAwait(false);
                return response.StatusCode == HttpStatusCode.Created ? ("", sent, Stopwatch.GetTimestamp()) : throw new InvalidOperationException("raw POST failed");
            };
            await Row("raw Kestrel POST -> 201 (baseline)", 0, post, null, creates, clients, rate, seconds).ConfigureAwait(false);
        }

        foreach (var (channel, count) in new[] { ("none", 0), ("rest-hook", 1), ("rest-hook", subscriptions), ("websocket", 1), ("websocket", subscriptions) })
        {
            var setup = Stopwatch.StartNew();
            await using var host = await SteadyHost.StartAsync(channel, count).ConfigureAwait(false);
            var label = channel == "none" ? "Herald create, no subscriptions (baseline)" : $"Herald {channel}, {count:N0} subscription(s)";
            await Row(label, setup.Elapsed.TotalSeconds, host.CreateAsync, channel == "none" ? null : host, creates, clients, rate, seconds).ConfigureAwait(false);
        }

        return 0;
    }

    private static async Task Row(string label, double setup, Func<Task<(string Id, long Sent, long Answered)>> create, SteadyHost? host,
        int creates, int clients, int rate, int seconds)
    {
        // Warm-up, not measured.
        for (var i = 0; i < 50; i++)
        {
            await create().ConfigureAwait(false);
        }

        var burst = new (string Id, long Sent, long Answered)[creates];
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, creates, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, _) => burst[i] = await create().ConfigureAwait(false)).ConfigureAwait(false);
        var httpSeconds = Seconds(Stopwatch.GetTimestamp() - start);
        var events = "-";
        if (host is not null)
        {
            await WaitAsync(host, burst.Select(b => b.Id)).ConfigureAwait(false);
            events = (creates / Seconds(burst.Max(b => host.ArrivedAt(b.Id)) - start)).ToString("0", CultureInfo.InvariantCulture);
        }

        var steady = new List<(string Id, long Sent, long Answered)>();
        start = Stopwatch.GetTimestamp();
        for (var i = 0; i < rate * seconds; i++)
        {
            var wait = Seconds(start + (long)(i * Stopwatch.Frequency / (double)rate) - Stopwatch.GetTimestamp()) * 1000;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait)).ConfigureAwait(false);
            }

            steady.Add(await create().ConfigureAwait(false));
        }

        var roundTrip = steady.Select(c => Seconds(c.Answered - c.Sent) * 1000).Order().ToList();
        var notify = "- | -";
        if (host is not null)
        {
            await WaitAsync(host, steady.Select(s => s.Id)).ConfigureAwait(false);
            var n = steady.Select(c => Seconds(host.ArrivedAt(c.Id) - c.Sent) * 1000).Order().ToList();
            notify = $"{F(Pct(n, .5))} | {F(Pct(n, .99))}";
        }

        Console.WriteLine($"| {label} | {(setup > 0 ? setup.ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {creates / httpSeconds:0} | {events} | {F(Pct(roundTrip, .5))} | {F(Pct(roundTrip, .99))} | {notify} |");
    }

    private static async Task WaitAsync(SteadyHost host, IEnumerable<string> ids)
    {
        var list = ids.ToList();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!list.All(host.HasArrived))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{list.Count(id => !host.HasArrived(id))} notifications missing after 120 s");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
}
