using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Herald.LoadTest;

/// <summary>
/// The websocket channel (issue 6): write -> frame latency next to the create round-trip, one
/// write fanned out to N sockets on N subscriptions, frames per second to one socket against a raw
/// Kestrel send loop of the same payload, and memory per idle bound socket. Prints markdown; the
/// section in docs/performance.md is written by hand from it.
/// </summary>
public static class WebSocketBench
{
    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static string F(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);

    private static double Pct(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    public static async Task<int> RunAsync(int rate, int seconds, int sockets, int frames, string command)
    {
        Console.WriteLine($"# WebSocket bench ({DateTime.UtcNow:yyyy-MM-dd}, nproc {Environment.ProcessorCount})\n\n`{command}`\n");
        await using var raw = await RawWebSocketServer.StartAsync().ConfigureAwait(false);
        await using (var host = await WebSocketBenchHost.StartAsync(sendQueue: Math.Max(frames + 16, 256)).ConfigureAwait(false))
        {
            await LatencyAsync(host, rate, seconds).ConfigureAwait(false);
            await ThroughputAsync(host, raw, frames).ConfigureAwait(false);
        }

        await using (var host = await WebSocketBenchHost.StartAsync(sendQueue: 256).ConfigureAwait(false))
        {
            await FanOutAndMemoryAsync(host, raw, sockets).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>(a) Creates at a steady rate, one socket bound; per Encounter: 201 round-trip and write -> frame.</summary>
    private static async Task LatencyAsync(WebSocketBenchHost host, int rate, int seconds)
    {
        var id = await host.SubscribeAsync(maxCount: 100).ConfigureAwait(false);
        using var socket = await host.BindAsync(id).ConfigureAwait(false);
        var arrived = new Dictionary<string, long>(StringComparer.Ordinal);
        var total = rate * seconds;
        var reader = Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            while (arrived.Count < total)
            {
                var frame = await WebSocketBenchHost.ReceiveAsync(socket, buffer).ConfigureAwait(false);
                var at = Stopwatch.GetTimestamp();
                foreach (var focus in FocusIds(frame))
                {
                    arrived[focus] = at;
                }
            }
        });

        // Warm-up (JIT, connections), not measured.
        for (var i = 0; i < 20; i++)
        {
            await host.CreateEncounterAsync().ConfigureAwait(false);
        }

        total += 20;
        var creates = new List<(string Id, long Sent, long Answered)>();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / (double)rate);
            var wait = Ms(due - Stopwatch.GetTimestamp());
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait)).ConfigureAwait(false);
            }

            creates.Add(await host.CreateEncounterAsync().ConfigureAwait(false));
        }

        await reader.WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        var roundTrip = creates.Select(c => Ms(c.Answered - c.Sent)).Order().ToList();
        var toFrame = creates.Select(c => Ms(arrived[c.Id] - c.Sent)).Order().ToList();
        var after201 = creates.Select(c => Ms(arrived[c.Id] - c.Answered)).Order().ToList();
        Console.WriteLine($"## (a) write -> frame, {rate}/s for {seconds} s ({creates.Count} creates, one socket, one subscription)\n");
        Console.WriteLine("| measure | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|");
        Console.WriteLine($"| create round-trip (POST -> 201) | {F(Pct(roundTrip, .5))} | {F(Pct(roundTrip, .99))} | {F(roundTrip[^1])} |");
        Console.WriteLine($"| write -> frame (POST sent -> frame received) | {F(Pct(toFrame, .5))} | {F(Pct(toFrame, .99))} | {F(toFrame[^1])} |");
        Console.WriteLine($"| 201 -> frame | {F(Pct(after201, .5))} | {F(Pct(after201, .99))} | {F(after201[^1])} |");
        Console.WriteLine($"\nratio write->frame / round-trip: p50 {F(Pct(toFrame, .5) / Pct(roundTrip, .5))}x, p99 {F(Pct(toFrame, .99) / Pct(roundTrip, .99))}x\n");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// (c) maxCount 1, so one event is one frame. The frames are queued while the client does not
    /// read (the send queue is raised to hold them all), then the client drains them: that is
    /// Herald's writer loop against a raw Kestrel loop sending the same bytes the same number of times.
    /// </summary>
    private static async Task ThroughputAsync(WebSocketBenchHost host, RawWebSocketServer raw, int frames)
    {
        var id = await host.SubscribeAsync(maxCount: 1).ConfigureAwait(false);
        using var socket = await host.BindAsync(id).ConfigureAwait(false);
        for (var written = 0; written < frames; written += 500)
        {
            await host.TransactionAsync(Math.Min(500, frames - written)).ConfigureAwait(false);
        }

        await WaitForEventsAsync(host, id, frames).ConfigureAwait(false);
        await Task.Delay(2000).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        var first = await WebSocketBenchHost.ReceiveAsync(socket, buffer).ConfigureAwait(false);
        var start = Stopwatch.GetTimestamp();
        long bytes = first.Length;
        for (var i = 1; i < frames; i++)
        {
            bytes += (await WebSocketBenchHost.ReceiveAsync(socket, buffer).ConfigureAwait(false)).Length;
        }

        var heraldSeconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        raw.Payload = first;
        var rawSeconds = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            using var client = new ClientWebSocket();
            await client.ConnectAsync(new Uri($"{raw.Root}/send?n={frames}"), CancellationToken.None).ConfigureAwait(false);
            await WebSocketBenchHost.ReceiveAsync(client, buffer).ConfigureAwait(false);
            var rawStart = Stopwatch.GetTimestamp();
            for (var i = 1; i < frames; i++)
            {
                await WebSocketBenchHost.ReceiveAsync(client, buffer).ConfigureAwait(false);
            }

            rawSeconds = Math.Min(rawSeconds, (Stopwatch.GetTimestamp() - rawStart) / (double)Stopwatch.Frequency);
        }

        var heraldRate = (frames - 1) / heraldSeconds;
        var rawRate = (frames - 1) / rawSeconds;
        Console.WriteLine($"## (c) frames per second to one socket ({frames} frames of ~{bytes / frames} B, queued then drained)\n");
        Console.WriteLine("| sender | frames/s | MB/s |\n|---|---:|---:|");
        Console.WriteLine($"| Herald (queued event frames, maxCount 1) | {heraldRate:0} | {F(heraldRate * first.Length / 1e6)} |");
        Console.WriteLine($"| raw Kestrel send loop, same payload (best of 3) | {rawRate:0} | {F(rawRate * first.Length / 1e6)} |");
        Console.WriteLine($"\nratio Herald / raw: {F(heraldRate / rawRate)}\n");
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>(b) N subscriptions, one socket bound to each; one write; 201 -> last socket's frame. (d) memory before/after binding them, against N idle raw sockets.</summary>
    private static async Task FanOutAndMemoryAsync(WebSocketBenchHost host, RawWebSocketServer raw, int count)
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = await host.SubscribeAsync(maxCount: 100).ConfigureAwait(false);
        }

        // (d) baseline: N idle sockets to the raw endpoint (client and server side both in this process).
        var (rawBefore, rawWsBefore) = Memory();
        var rawSockets = new List<ClientWebSocket>();
        for (var i = 0; i < count; i++)
        {
            var s = new ClientWebSocket();
            await s.ConnectAsync(new Uri($"{raw.Root}/idle"), CancellationToken.None).ConfigureAwait(false);
            rawSockets.Add(s);
        }

        var (rawAfter, rawWsAfter) = Memory();
        foreach (var s in rawSockets)
        {
            s.Abort();
            s.Dispose();
        }

        await Task.Delay(500).ConfigureAwait(false);
        var (before, wsBefore) = Memory();
        var sockets = new ClientWebSocket[count];
        for (var i = 0; i < count; i++)
        {
            sockets[i] = await host.BindAsync(ids[i]).ConfigureAwait(false);
        }

        var (after, wsAfter) = Memory();
        Console.WriteLine($"## (b) one write fanned out to {count} sockets, each bound to its own websocket subscription\n");
        Console.WriteLine("| write | 201 -> first frame ms | 201 -> median socket ms | 201 -> last socket ms | write sent -> last ms |\n|---|---:|---:|---:|---:|");
        var lasts = new List<double>();
        for (var round = 1; round <= 5; round++)
        {
            var arrivals = sockets.Select(s => Task.Run(async () =>
            {
                await WebSocketBenchHost.ReceiveAsync(s, new byte[16 * 1024]).ConfigureAwait(false);
                return Stopwatch.GetTimestamp();
            })).ToArray();
            var (_, sent, answered) = await host.CreateEncounterAsync().ConfigureAwait(false);
            var times = (await Task.WhenAll(arrivals).WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false)).Select(t => Ms(t - answered)).Order().ToList();
            lasts.Add(times[^1]);
            Console.WriteLine($"| {round} | {F(times[0])} | {F(times[times.Count / 2])} | {F(times[^1])} | {F(times[^1] + Ms(answered - sent))} |");
            await Task.Delay(500).ConfigureAwait(false);
        }

        Console.WriteLine($"\nmedian of 5 (201 -> last socket): {F(lasts.Order().ElementAt(2))} ms\n");
        Console.WriteLine($"## (d) memory per idle socket ({count} sockets; client and server in one process)\n");
        Console.WriteLine("| sockets | managed heap per socket (GC.GetTotalMemory(true)) | working set per socket |\n|---|---:|---:|");
        Console.WriteLine($"| Herald, bound (one subscription each, handshake read) | {(after - before) / count / 1024.0:0.0} KiB | {(wsAfter - wsBefore) / count / 1024.0:0.0} KiB |");
        Console.WriteLine($"| raw Kestrel, accepted and idle | {(rawAfter - rawBefore) / count / 1024.0:0.0} KiB | {(rawWsAfter - rawWsBefore) / count / 1024.0:0.0} KiB |");
        Console.WriteLine($"\nHerald minus raw: {(after - before - (rawAfter - rawBefore)) / count / 1024.0:0.0} KiB managed per bound socket\n");
        foreach (var s in sockets)
        {
            s.Abort();
            s.Dispose();
        }
    }

    private static (long Managed, long WorkingSet) Memory()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (managed, process.WorkingSet64);
    }

    private static async Task WaitForEventsAsync(WebSocketBenchHost host, string id, long count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var json = await host.Http.GetStringAsync($"Subscription/{id}/$status").ConfigureAwait(false);
            var at = json.IndexOf("events-since-subscription-start", StringComparison.Ordinal);
            var digits = new string(json[at..].SkipWhile(c => !char.IsDigit(c)).TakeWhile(char.IsDigit).ToArray());
            if (long.Parse(digits, CultureInfo.InvariantCulture) >= count)
            {
                return;
            }

            await Task.Delay(50).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"Subscription/{id}: fewer than {count} events after 120 s");
    }

    /// <summary>The ids of the focus entries (every entry after the status) of an id-only notification.</summary>
    private static IEnumerable<string> FocusIds(byte[] frame)
    {
        using var doc = JsonDocument.Parse(frame);
        var entries = doc.RootElement.GetProperty("entry");
        var ids = new List<string>();
        foreach (var entry in entries.EnumerateArray().Skip(1))
        {
            if (entry.TryGetProperty("fullUrl", out var url))
            {
                ids.Add(url.GetString()!.Split('/')[^1]);
            }
        }

        return ids;
    }
}
