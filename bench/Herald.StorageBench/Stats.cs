using System.Diagnostics;

namespace Herald.StorageBench;

/// <summary>Latency samples in Stopwatch ticks; nearest-rank percentiles in milliseconds.</summary>
internal sealed class Stats
{
    private readonly List<long> _ticks = [];

    public int Count => _ticks.Count;

    public void Add(long ticks) => _ticks.Add(ticks);

    public double PercentileMs(double p)
    {
        if (_ticks.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _ticks.Order().ToArray();
        var rank = Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1);
        return sorted[rank] * 1000.0 / Stopwatch.Frequency;
    }

    public double MeanMs => _ticks.Count == 0 ? double.NaN : _ticks.Average() * 1000.0 / Stopwatch.Frequency;

    public static async Task<long> TimeAsync(Func<Task> operation)
    {
        var start = Stopwatch.GetTimestamp();
        await operation().ConfigureAwait(false);
        return Stopwatch.GetTimestamp() - start;
    }
}
