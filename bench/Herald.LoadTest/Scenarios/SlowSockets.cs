using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;

namespace Herald.LoadTest.Scenarios;

/// <summary>
/// Issue 9 scenario 3: many slow sockets and a few fast ones bound to one websocket subscription
/// (maxCount 1, one event per frame); steady writes; managed memory sampled every second. Slow
/// sockets should be closed with 1013, fast ones must get every event in order. Exits 1 only when a
/// fast socket missed an event.
/// </summary>
public static class SlowSockets
{
    public static async Task<int> RunAsync(int slow, int fast, int rate, int seconds, int delayMs, int sendQueue, int receiveBuffer, string command)
    {
        Console.WriteLine($"# Scenario 3: slow WebSocket consumers ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, nproc {Environment.ProcessorCount})\n\n`{command}`\n");
        Console.WriteLine($"{slow} slow sockets (SO_RCVBUF {receiveBuffer} B, {delayMs} ms per frame), {fast} fast sockets, one subscription (maxCount 1), Herald:WebSocketSendQueue {sendQueue}, {rate} writes/s for {seconds} s\n");
        await using var host = await WebSocketBenchHost.StartAsync(sendQueue).ConfigureAwait(false);
        var id = await host.SubscribeAsync(maxCount: 1).ConfigureAwait(false);
        var slowSockets = new List<ClientWebSocket>();
        var fastSockets = new List<ClientWebSocket>();
        for (var i = 0; i < slow; i++)
        {
            slowSockets.Add(await SocketClient.BindAsync(host.Http, receiveBuffer, id).ConfigureAwait(false));
        }

        for (var i = 0; i < fast; i++)
        {
            fastSockets.Add(await SocketClient.BindAsync(host.Http, null, id).ConfigureAwait(false));
        }

        using var stop = new CancellationTokenSource();
        var draining = false;
        var slowTasks = slowSockets.Select(s => Task.Run(async () =>
        {
            var buffer = new byte[16 * 1024];
            try
            {
                while (true)
                {
                    if ((await WebSocketBenchHost.ReceiveAsync(s, buffer).ConfigureAwait(false)).Length == 0)
                    {
                        return s.CloseStatus is { } c ? ((int)c).ToString(CultureInfo.InvariantCulture) : "closed";
                    }

                    if (!Volatile.Read(ref draining))
                    {
                        await Task.Delay(delayMs).ConfigureAwait(false);
                    }
                }
            }
            catch (WebSocketException e)
            {
                return "aborted (" + e.WebSocketErrorCode + ")";
            }
        })).ToArray();
        var fastTasks = fastSockets.Select(s => Task.Run(async () =>
        {
            var buffer = new byte[64 * 1024];
            var numbers = new List<long>();
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var frame = await WebSocketBenchHost.ReceiveAsync(s, buffer).WaitAsync(stop.Token).ConfigureAwait(false);
                    if (frame.Length == 0)
                    {
                        break;
                    }

                    numbers.AddRange(SocketClient.EventNumbers(frame));
                }
            }
            catch (OperationCanceledException)
            {
            }

            return (numbers, s.CloseStatus);
        })).ToArray();

        var memory = new List<long>();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                memory.Add(GC.GetTotalMemory(false));
                await Task.Delay(1000).ConfigureAwait(false);
            }
        });

        var start = Stopwatch.GetTimestamp();
        var writes = 0;
        for (var i = 0; i < rate * seconds; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / (double)rate);
            var wait = (due - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
            if (wait > 1)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(wait)).ConfigureAwait(false);
            }

            await host.CreateEncounterAsync().ConfigureAwait(false);
            writes++;
        }

        var elapsed = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;

        // Let fast sockets catch up, then let slow ones read whatever is left so their close frame is seen.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        Volatile.Write(ref draining, true);
        await Task.WhenAny(Task.WhenAll(slowTasks), Task.Delay(TimeSpan.FromSeconds(10))).ConfigureAwait(false);
        while (DateTime.UtcNow < deadline && fastTasks.Any(t => t.IsCompleted))
        {
            break;
        }

        await Task.Delay(2000).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        var fastResults = await Task.WhenAll(fastTasks).ConfigureAwait(false);
        await sampler.ConfigureAwait(false);
        var slowResults = slowTasks.Select(t => t.IsCompletedSuccessfully ? t.Result : "still open").ToList();

        Console.WriteLine($"writes: {writes} in {elapsed:0.0} s ({writes / elapsed:0.0}/s)\n");
        Console.WriteLine("| slow sockets | count |\n|---|---:|");
        foreach (var g in slowResults.GroupBy(r => r).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"| {(g.Key == "1013" ? "closed 1013 (Try Again Later)" : g.Key)} | {g.Count()} |");
        }

        Console.WriteLine("\n| fast socket | events | first | last | in order, no gap | close status |\n|---|---:|---:|---:|---|---|");
        var failed = false;
        for (var i = 0; i < fastResults.Length; i++)
        {
            var (n, close) = fastResults[i];
            var ordered = n.Count == writes && n.Select((v, k) => v == n[0] + k).All(b => b);
            failed |= !ordered;
            Console.WriteLine($"| {i + 1} | {n.Count} | {(n.Count > 0 ? n[0] : 0)} | {(n.Count > 0 ? n[^1] : 0)} | {(ordered ? "yes" : "NO")} | {(close is { } c ? (int)c : "open")} |");
        }

        var warm = memory[Math.Min(3, memory.Count - 1)];
        Console.WriteLine($"\nmanaged memory (GC.GetTotalMemory(false), whole process: Herald + {slow + fast} clients), {memory.Count} samples at 1 s:\n");
        Console.WriteLine("| after warm-up (3 s) | min | max | last | last / warm-up |\n|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| {Mb(warm)} | {Mb(memory.Min())} | {Mb(memory.Max())} | {Mb(memory[^1])} | {memory[^1] / (double)warm:0.00} |");
        Console.WriteLine($"\nsamples MB: {string.Join(' ', memory.Select(Mb))}\n");
        Console.WriteLine(failed ? "FAIL: a fast socket missed an event" : "fast sockets: every event, in order");
        foreach (var s in slowSockets.Concat(fastSockets))
        {
            s.Abort();
            s.Dispose();
        }

        return failed ? 1 : 0;
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);
}
