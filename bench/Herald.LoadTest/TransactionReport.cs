using System.Globalization;
using System.Text;

namespace Herald.LoadTest;

/// <summary>Runs the transaction scenario and writes its own section of docs/performance.md.</summary>
public static class TransactionReport
{
    public const string SectionTitle = "## Transaction throughput (issue 8)";

    public static async Task<int> RunAsync(int entries, int clients, int rounds, IReadOnlyList<string> synchronousSettings, string command, string repoRoot, bool writeDocs)
    {
        Console.WriteLine($"Machine: {PerformanceReport.Machine()}");
        Console.WriteLine($"Command: {command}");
        var rows = new List<(string Synchronous, double Tx, double Single, double TxSeconds, double SingleSeconds, int Resources)>();
        foreach (var synchronous in synchronousSettings)
        {
            var results = new List<TransactionThroughput.Result>();
            for (var round = 1; round <= rounds; round++)
            {
                var result = await TransactionThroughput.RunAsync(synchronous, round, entries, clients).ConfigureAwait(false);
                results.Add(result);
                Console.WriteLine(Invariant($"synchronous={synchronous} round {round}: transaction {result.TransactionPerSecond,7:F0} resources/s ({result.TransactionSeconds:F2} s)  one by one {result.OneByOnePerSecond,7:F0} resources/s ({result.OneByOneSeconds:F2} s)"));
            }

            rows.Add((synchronous, Median(results.Select(r => r.TransactionPerSecond)), Median(results.Select(r => r.OneByOnePerSecond)),
                Median(results.Select(r => r.TransactionSeconds)), Median(results.Select(r => r.OneByOneSeconds)), results[0].Resources));
        }

        var table = new StringBuilder();
        table.AppendLine("| synchronous | transaction resources/s | transaction s | one-by-one resources/s | one-by-one s | transaction / one-by-one |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            table.AppendLine(Invariant($"| {row.Synchronous} | {row.Tx:F0} | {row.TxSeconds:F2} | {row.Single:F0} | {row.SingleSeconds:F2} | {row.Tx / row.Single:F2} |"));
        }

        Console.WriteLine();
        Console.Write(table);
        if (writeDocs)
        {
            var section = new StringBuilder();
            section.AppendLine(SectionTitle);
            section.AppendLine();
            section.AppendLine(Invariant($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
            section.AppendLine(Invariant($"- Machine: {PerformanceReport.Machine()}"));
            section.AppendLine(Invariant($"- Command: `{command}`"));
            section.AppendLine(Invariant($"- Workload: one transaction Bundle of {rows[0].Resources} POST entries: {rows[0].Resources / 5} Patients (about 800 bytes each) and 4 vital-sign Observations per Patient referring to it by `urn:uuid`; {rounds} rounds per setting, medians reported, the two sides alternating which goes first."));
            section.AppendLine("- Transaction: one `POST /fhir` of the bundle (one database transaction, one change_log row per resource, references rewritten by the server), after a 50-entry warm-up bundle, on a fresh in-process Kestrel server and data dir.");
            section.AppendLine(Invariant($"- One by one: the same resources as single `POST /fhir/{{type}}` requests from {clients} concurrent `HttpClient` workers (Patients first, then Observations with the Patient ids the server assigned), after a 50-resource warm-up, on another fresh server and data dir."));
            section.AppendLine();
            section.Append(table);
            section.AppendLine();
            section.AppendLine("Both sides run in the same process and run; compare the ratio between runs, not the absolute figures.");
            Replace(Path.Combine(repoRoot, "docs", "performance.md"), section.ToString());
        }

        return 0;
    }

    /// <summary>Replaces (or appends) this section, keeping every other section as it is.</summary>
    private static void Replace(string path, string section)
    {
        var existing = File.ReadAllText(path);
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

        File.WriteAllText(path, updated.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
