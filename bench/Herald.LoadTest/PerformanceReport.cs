using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Herald.LoadTest;

/// <summary>Medians over the rounds of one synchronous setting; the ratio is what the docs quote.</summary>
public sealed record SettingSummary(
    string Synchronous, double HeraldPerSecond, double BaselinePerSecond,
    double HeraldP50Ms, double HeraldP99Ms, double BaselineP50Ms, double BaselineP99Ms)
{
    public double Ratio => HeraldPerSecond / BaselinePerSecond;

    public static SettingSummary From(string synchronous, IReadOnlyList<LoadResult> results)
    {
        var herald = results.Where(r => r.Kind == "herald").ToList();
        var baseline = results.Where(r => r.Kind != "herald").ToList();
        return new SettingSummary(
            synchronous,
            Median(herald.Select(r => r.PerSecond)), Median(baseline.Select(r => r.PerSecond)),
            Median(herald.Select(r => r.P50Ms)), Median(herald.Select(r => r.P99Ms)),
            Median(baseline.Select(r => r.P50Ms)), Median(baseline.Select(r => r.P99Ms)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <summary>Prints the table, writes bench/results/*.json and the section of docs/performance.md.</summary>
public static class PerformanceReport
{
    public const string SectionTitle = "## Create throughput (issue: foundation)";

    public static string Table(IReadOnlyList<SettingSummary> summaries)
    {
        var text = new StringBuilder();
        text.AppendLine("| synchronous | Herald creates/s | Herald p50 / p99 ms | baseline inserts/s | baseline p50 / p99 ms | Herald / baseline |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var s in summaries)
        {
            text.AppendLine(Invariant($"| {s.Synchronous} | {s.HeraldPerSecond:F0} | {s.HeraldP50Ms:F2} / {s.HeraldP99Ms:F2} | {s.BaselinePerSecond:F0} | {s.BaselineP50Ms:F2} / {s.BaselineP99Ms:F2} | {s.Ratio:F2} |"));
        }

        return text.ToString();
    }

    public static string WriteJson(string resultsDir, BenchSettings settings, string command, IReadOnlyList<LoadResult> runs, IReadOnlyList<SettingSummary> summaries)
    {
        Directory.CreateDirectory(resultsDir);
        var path = Path.Combine(resultsDir, $"create-throughput-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var document = new
        {
            date = DateTimeOffset.UtcNow,
            machine = Machine(),
            command,
            settings,
            summaries = summaries.Select(s => new { s.Synchronous, s.HeraldPerSecond, s.BaselinePerSecond, s.Ratio, s.HeraldP50Ms, s.HeraldP99Ms, s.BaselineP50Ms, s.BaselineP99Ms }),
            runs = runs.Select(r => new { r.Kind, r.Synchronous, r.Round, r.Operations, r.Clients, r.Seconds, r.CpuSeconds, r.CpuPercent, r.CpuMsPerOperation, r.PerSecond, r.P50Ms, r.P99Ms }),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Replaces (or appends) this benchmark's section, leaving any other sections alone.</summary>
    public static void WriteMarkdown(string path, BenchSettings settings, string command, int documentBytes, IReadOnlyList<SettingSummary> summaries)
    {
        var section = new StringBuilder();
        section.AppendLine(SectionTitle);
        section.AppendLine();
        section.AppendLine(Invariant($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        section.AppendLine(Invariant($"- Machine: {Machine()}"));
        section.AppendLine(Invariant($"- Command: `{command}`"));
        section.AppendLine(Invariant($"- Workload: {settings.Creates} measured creates after {settings.Warmup} warm-up, {settings.Clients} concurrent clients, Patient JSON of about {documentBytes} bytes; {settings.Rounds} rounds per setting, baseline and Herald alternating which goes first; figures are medians over the rounds."));
        section.AppendLine("- Herald: in-process on real Kestrel (`HeraldApplication.Build` + `StartAsync`) on a free loopback port with a fresh data dir per run; clients are `HttpClient` workers in the same process posting to `/fhir/Patient` (default `return=representation`, body read).");
        section.AppendLine("- Baseline: the same JSON documents inserted into a fresh SQLite file with `Microsoft.Data.Sqlite`, Herald's schema and pragmas (WAL, the same `synchronous`, busy_timeout, foreign keys), one `BEGIN IMMEDIATE` transaction per document holding a `change_log` row and a `resource_version` row, from the same number of workers taking turns through one write gate.");
        section.AppendLine();
        section.Append(Table(summaries));
        section.AppendLine();
        section.AppendLine("The ratio is Herald creates/s divided by baseline inserts/s, both measured in the same run; compare ratios between runs, not absolute figures.");

        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Performance\n\nFigures are measured, never assumed, and reported as ratios against a baseline measured in the same run.\n";
        var start = existing.IndexOf(SectionTitle, StringComparison.Ordinal);
        string updated;
        if (start < 0)
        {
            updated = existing.TrimEnd() + "\n\n" + section;
        }
        else
        {
            var end = existing.IndexOf("\n## ", start + SectionTitle.Length, StringComparison.Ordinal);
            updated = existing[..start] + section + (end < 0 ? "" : "\n" + existing[(end + 1)..]);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, updated.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    public static string Machine()
    {
        var cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
        {
            cpu = File.ReadLines("/proc/cpuinfo")
                .FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?
                .Split(':', 2)[1].Trim() ?? cpu;
        }

        return Invariant($"nproc {Environment.ProcessorCount}, {cpu}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
