namespace Herald.LoadTest;

/// <summary>One timed run: either Herald over HTTP or the raw SQLite baseline.</summary>
public sealed record LoadResult(string Kind, string Synchronous, int Round, int Operations, int Clients, double Seconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Operations / Seconds;

    /// <summary>Latencies in Stopwatch ticks, one per operation; nearest-rank percentiles.</summary>
    public static LoadResult From(string kind, string synchronous, int round, int clients, double seconds, long[] latencyTicks)
    {
        var sorted = latencyTicks.Order().ToArray();
        return new LoadResult(kind, synchronous, round, sorted.Length, clients, seconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(p * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)] * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
    }
}
