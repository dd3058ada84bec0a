using System.Diagnostics;

namespace Herald.StorageBench;

/// <summary>Runs an operation a fixed number of times across a number of concurrent workers.</summary>
internal static class Measure
{
    /// <summary>Operations per second for <paramref name="total"/> calls of <paramref name="operation"/>(0..total-1).</summary>
    public static async Task<double> OpsPerSecondAsync(int total, int workers, Func<int, Task> operation, CancellationToken cancellationToken)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < total)
                {
                    await operation(i).ConfigureAwait(false);
                }
            },
            cancellationToken))).ConfigureAwait(false);
        return total / watch.Elapsed.TotalSeconds;
    }
}
