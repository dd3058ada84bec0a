using System.Diagnostics;

namespace Herald.LoadTest;

/// <summary>
/// Runs <c>count</c> operations from <c>clients</c> concurrent workers that pull the next index
/// from a shared counter, so a slow worker never leaves others idle at the end. The same driver
/// times Herald and the baseline, so both figures include the same client-side overhead.
/// </summary>
public static class ConcurrentDriver
{
    public static async Task<(double Seconds, double CpuSeconds, long[] LatencyTicks)> RunAsync(
        int count, int clients, Func<int, int, Task> operation)
    {
        var latencies = new long[count];
        var next = -1;
        // Process CPU time next to wall time tells a CPU-bound run from one waiting on fsync or the write gate.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, clients).Select(worker => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                var begin = Stopwatch.GetTimestamp();
                await operation(worker, index).ConfigureAwait(false);
                latencies[index] = Stopwatch.GetTimestamp() - begin;
            }
        }));
        await Task.WhenAll(workers).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (seconds, (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds, latencies);
    }
}
