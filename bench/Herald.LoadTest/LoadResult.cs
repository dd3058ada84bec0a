namespace Herald.LoadTest;

/// <summary>One timed run: either Herald over HTTP or the raw SQLite baseline.</summary>
public sealed record LoadResult(string Kind, string Synchronous, int Round, int Operations, int Clients, double Seconds, double CpuSeconds, double P50Ms, double P99Ms)
{
    public double PerSecond => Operations / Seconds;

    /// <summary>Share of all cores this process used during the run (100 = every core busy).</summary>
    public double CpuPercent => 100 * CpuSeconds / Seconds / Environment.ProcessorCount;

    /// <summary>CPU milliseconds the whole process (clients included) spent per operation.</summary>
    public double CpuMsPerOperation => 1000 * CpuSeconds / Operations;

    /// <summary>Latencies in Stopwatch ticks, one per operation; nearest-rank percentiles.</summary>
    public static LoadResult From(string kind, string synchronous, int round, int clients, (double Seconds, double CpuSeconds, long[] LatencyTicks) run)
    {
        var sorted = run.LatencyTicks.Order().ToArray();
        return new LoadResult(kind, synchronous, round, sorted.Length, clients, run.Seconds, run.CpuSeconds, Percentile(sorted, 0.50), Percentile(sorted, 0.99));
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
