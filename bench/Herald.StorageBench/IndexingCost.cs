using System.Diagnostics;
using System.Globalization;
using Herald.Core.Fhir;
using Herald.Core.Search.Indexing;
using Herald.Core.Storage;

namespace Herald.StorageBench;

/// <summary>
/// The cost of search indexing per write (issue 3, "Measure"): one create per CommitAsync, one
/// writer, into ONE store, in interleaved blocks of three variants of the same JSON:
/// no index rows (SearchIndex.Empty, the baseline), the real index rows extracted beforehand
/// (storage cost only), and extraction plus rows inside the timing (what a server write pays).
/// </summary>
internal static class IndexingCost
{
    private const int Block = 50;

    private enum Variant
    {
        NoIndex,
        IndexRows,
        ExtractAndIndexRows,
    }

    public static async Task RunAsync(BenchStore target, int writesPerVariant, CancellationToken cancellationToken)
    {
        var indexer = new SearchIndexer();
        var rows = new List<string>();
        var next = 0;
        foreach (var type in new[] { "Patient", "Observation" })
        {
            string Json(int n, long v, DateTimeOffset at) => type == "Patient" ? SearchCorpus.PatientJson(n, v, at) : SearchCorpus.ObservationJson(n, 1000, v, at);
            string Id(int n) => type == "Patient" ? SearchCorpus.PatientId(n) : SearchCorpus.ObservationId(n);
            var sample = indexer.Extract(FhirSerializer.Instance.Parse(Json(0, 1, DateTimeOffset.UnixEpoch), FhirFormat.Json));

            async Task<long> WriteAsync(Variant variant)
            {
                var n = next++;
                var render = (Func<long, DateTimeOffset, string>)((v, at) => Json(n, v, at));
                // The server parses the body whether or not it indexes, so parsing stays outside the timing.
                var parsed = FhirSerializer.Instance.Parse(render(1, DateTimeOffset.UnixEpoch), FhirFormat.Json);
                var preExtracted = variant == Variant.IndexRows ? indexer.Extract(parsed) : SearchIndex.Empty;
                var start = Stopwatch.GetTimestamp();
                var index = variant switch
                {
                    Variant.NoIndex => SearchIndex.Empty,
                    Variant.IndexRows => preExtracted,
                    _ => indexer.Extract(parsed),
                };
                await target.Store.CommitAsync(
                    [new ResourceWrite { Key = new ResourceKey(SearchCorpus.Tenant, type, Id(n)), Interaction = Interaction.Create, Render = render, Index = index }],
                    cancellationToken).ConfigureAwait(false);
                return Stopwatch.GetTimestamp() - start;
            }

            var variants = Enum.GetValues<Variant>();
            for (var i = 0; i < 100; i++)
            {
                await WriteAsync(variants[i % variants.Length]).ConfigureAwait(false);
            }

            var stats = variants.ToDictionary(v => v, _ => new Stats());
            for (var block = 0; block * Block < writesPerVariant; block++)
            {
                // Rotate which variant goes first, so a drift on the machine hits all three.
                for (var k = 0; k < variants.Length; k++)
                {
                    var variant = variants[(block + k) % variants.Length];
                    for (var i = 0; i < Block; i++)
                    {
                        stats[variant].Add(await WriteAsync(variant).ConfigureAwait(false));
                    }
                }
            }

            var baseline = stats[Variant.NoIndex];
            foreach (var variant in variants)
            {
                var s = stats[variant];
                rows.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {type} | {Label(variant, sample)} | {s.Count} | {s.MeanMs:F3} | {s.PercentileMs(0.5):F3} | {s.PercentileMs(0.99):F3} | {s.MeanMs / baseline.MeanMs:F2} | {s.PercentileMs(0.5) / baseline.PercentileMs(0.5):F2} |"));
            }
        }

        Console.WriteLine($"{target.Name}: indexing cost per write, 1 writer, one create per CommitAsync, blocks of {Block} interleaved; {Environment.ProcessorCount} CPUs.");
        Console.WriteLine();
        Console.WriteLine("| type | variant | writes | mean ms | p50 ms | p99 ms | mean / no index | p50 / no index |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }
    }

    private static string Label(Variant variant, SearchIndex sample) => variant switch
    {
        Variant.NoIndex => "no index rows (SearchIndex.Empty, baseline)",
        Variant.IndexRows => $"real index rows ({sample.Count}), extracted before timing",
        _ => "SearchIndexer.Extract + real index rows (what a server write pays)",
    };
}
