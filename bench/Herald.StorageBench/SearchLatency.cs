using System.Diagnostics;
using System.Globalization;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Storage;

namespace Herald.StorageBench;

/// <summary>
/// Search latency at growing store sizes (issue 3, "Measure"). The same store is grown in steps
/// (1k, then 10k, ...), so each size is measured on data loaded exactly like the previous one.
/// Every query goes through SearchQueryParser and IResourceSearch.SearchAsync with the server's
/// defaults (page of 50, _total=accurate); the baseline is a primary-key read of one Observation
/// through the same store, timed in the same loop.
/// </summary>
internal static class SearchLatency
{
    private const int CommitBatch = 500;
    private static readonly SearchQueryParser Parser = new(SearchParameterRegistry.Instance);
    private static readonly SearchParseOptions Options = new(false, 50, 1000, null);

    public static async Task RunAsync(BenchStore target, IReadOnlyList<int> sizes, int iterations, CancellationToken cancellationToken)
    {
        var indexer = new SearchIndexer();
        var (patients, observations) = (0, 0);
        var rows = new List<string>();
        Console.WriteLine($"{target.Name}: search latency, {iterations} timed iterations per query and size, 1 caller; {Environment.ProcessorCount} CPUs.");
        foreach (var size in sizes)
        {
            var watch = Stopwatch.StartNew();
            var targetPatients = size / 5;
            var targetObservations = size - targetPatients;
            await LoadAsync(target.Store, patients, targetPatients, n => SearchCorpus.Create("Patient", SearchCorpus.PatientId(n),
                (v, at) => SearchCorpus.PatientJson(n, v, at), indexer), cancellationToken).ConfigureAwait(false);
            await LoadAsync(target.Store, observations, targetObservations, n => SearchCorpus.Create("Observation", SearchCorpus.ObservationId(n),
                (v, at) => SearchCorpus.ObservationJson(n, targetPatients, v, at), indexer), cancellationToken).ConfigureAwait(false);
            (patients, observations) = (targetPatients, targetObservations);
            await target.Analyze().ConfigureAwait(false);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{target.Name}: {size} resources loaded ({patients} Patients, {observations} Observations) in {watch.Elapsed.TotalSeconds:F1} s"));

            var random = new Random(size);
            var cases = Cases(target, random, patients, observations);
            var stats = cases.Select(_ => new Stats()).ToArray();
            var matches = new long[cases.Length];
            for (var i = -20; i < iterations; i++)
            {
                // Round-robin over the queries, so a noisy second hits all of them alike.
                for (var q = 0; q < cases.Length; q++)
                {
                    var start = Stopwatch.GetTimestamp();
                    var found = await cases[q].Run(cancellationToken).ConfigureAwait(false);
                    var elapsed = Stopwatch.GetTimestamp() - start;
                    if (i >= 0)
                    {
                        stats[q].Add(elapsed);
                        matches[q] += found;
                    }
                }
            }

            var baseline = stats[0].PercentileMs(0.5);
            for (var q = 0; q < cases.Length; q++)
            {
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | `{cases[q].Label}` | {(double)matches[q] / iterations:F1} | {stats[q].PercentileMs(0.5):F2} | {stats[q].PercentileMs(0.99):F2} | {stats[q].PercentileMs(0.5) / baseline:F1} |"));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| resources | query | matches + included (mean) | p50 ms | p99 ms | p50 / baseline p50 |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }
    }

    private sealed record Case(string Label, Func<CancellationToken, Task<long>> Run);

    private static Case[] Cases(BenchStore target, Random random, int patients, int observations) =>
    [
        new("read Observation/<id> (baseline)", async ct =>
            await target.Store.ReadAsync(new ResourceKey(SearchCorpus.Tenant, "Observation", SearchCorpus.ObservationId(random.Next(observations))), ct).ConfigureAwait(false) is null ? 0 : 1),
        Search(target, "Observation?code=http://loinc.org|8867-4", "Observation", () => [new("code", "http://loinc.org|8867-4")]),
        Search(target, "Observation?date=ge2024-01-01&date=lt2024-02-01", "Observation", () => [new("date", "ge2024-01-01"), new("date", "lt2024-02-01")]),
        Search(target, "Observation?subject=Patient/<id>&_include=Observation:subject", "Observation",
            () => [new("subject", "Patient/" + SearchCorpus.PatientId(random.Next(patients))), new("_include", "Observation:subject")]),
        Search(target, "Patient?family=smith", "Patient", () => [new("family", "smith")]),
    ];

    private static Case Search(BenchStore target, string label, string type, Func<KeyValuePair<string, string>[]> parameters) =>
        new(label, async ct =>
        {
            // Parsing is part of every search the server answers, so it is inside the timing.
            var query = Parser.Parse(type, parameters(), Options);
            var result = await target.Search.SearchAsync(SearchCorpus.Tenant, query, ct).ConfigureAwait(false);
            return result.Matches.Count + result.Included.Count;
        });

    /// <summary>
    /// Creates resources <paramref name="from"/>..<paramref name="to"/>-1: index extraction in
    /// parallel, then commits of <see cref="CommitBatch"/> writes each, so 100k loads in minutes.
    /// </summary>
    private static async Task LoadAsync(IResourceStore store, int from, int to, Func<int, ResourceWrite> create, CancellationToken cancellationToken)
    {
        const int chunk = 5000;
        for (var start = from; start < to; start += chunk)
        {
            var writes = new ResourceWrite[Math.Min(chunk, to - start)];
            Parallel.For(0, writes.Length, i => writes[i] = create(start + i));
            for (var b = 0; b < writes.Length; b += CommitBatch)
            {
                await store.CommitAsync(writes[b..Math.Min(b + CommitBatch, writes.Length)], cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
