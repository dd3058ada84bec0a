using System.Globalization;

namespace Herald.LoadTest;

public sealed record BenchSettings(int Creates, int Warmup, int Clients, int Rounds, string Synchronous, bool PreferMinimal, bool BaselineHeraldWrites);

/// <summary>Alternates baseline and Herald runs per round so drift on a noisy machine hits both.</summary>
public static class BenchRunner
{
    public static async Task<int> RunAsync(BenchSettings settings, IReadOnlyList<string> synchronousSettings, string command, bool writeDocs)
    {
        Console.WriteLine($"Machine: {PerformanceReport.Machine()}");
        Console.WriteLine($"Command: {command}");
        var runs = new List<LoadResult>();
        var summaries = new List<SettingSummary>();
        var documentBytes = 0;
        foreach (var synchronous in synchronousSettings)
        {
            var settingRuns = new List<LoadResult>();
            for (var round = 1; round <= settings.Rounds; round++)
            {
                // Fresh documents per round, the same ones for both sides of the comparison.
                var documents = PatientGenerator.Generate(settings.Warmup + settings.Creates, seed: (round * 31) + synchronous.Length);
                var warm = documents.Take(settings.Warmup).ToArray();
                var measured = documents.Skip(settings.Warmup).ToArray();
                documentBytes = PatientGenerator.AverageBytes(measured);

                Func<Task<LoadResult>> baseline = () => RawSqliteBaseline.RunAsync(synchronous, round, settings.Clients, settings.BaselineHeraldWrites, warm, measured);
                Func<Task<LoadResult>> herald = () => CreateThroughput.RunAsync(synchronous, round, settings.Clients, settings.PreferMinimal, warm, measured);
                foreach (var run in round % 2 == 1 ? [baseline, herald] : new[] { herald, baseline })
                {
                    var result = await run().ConfigureAwait(false);
                    settingRuns.Add(result);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"synchronous={synchronous} round {round} {result.Kind,-9} {result.PerSecond,8:F0}/s  p50 {result.P50Ms,6:F2} ms  p99 {result.P99Ms,6:F2} ms  CPU {result.CpuPercent,3:F0}% ({result.CpuMsPerOperation:F2} ms/op)  ({result.Operations} in {result.Seconds:F2} s)"));
                }
            }

            runs.AddRange(settingRuns);
            summaries.Add(SettingSummary.From(synchronous, settingRuns));
        }

        Console.WriteLine();
        Console.Write(PerformanceReport.Table(summaries));

        var repoRoot = FindRepoRoot();
        var json = PerformanceReport.WriteJson(Path.Combine(repoRoot, "bench", "results"), settings, command, runs, summaries);
        Console.WriteLine($"Results: {json}");
        if (writeDocs)
        {
            var docs = Path.Combine(repoRoot, "docs", "performance.md");
            PerformanceReport.WriteMarkdown(docs, settings, command, documentBytes, summaries);
            Console.WriteLine($"Updated: {docs}");
        }

        return 0;
    }

    /// <summary>The folder holding Herald.slnx, searched upwards from where the command was run.</summary>
    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Herald.slnx")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}
