using System.Globalization;

namespace Herald.StorageBench;

/// <summary>
/// The issue-3 scenarios. SQLite always (synchronous=full, the server's default, unless
/// --synchronous says otherwise); PostgreSQL as well when --pg gives an existing server.
/// <code>
/// --scenario search   [--sizes 1000,10000,100000] [--iterations 200]
/// --scenario indexing [--writes 1500]
/// </code>
/// </summary>
internal static class Scenarios
{
    public static async Task<int> RunAsync(string scenario, Func<string, string?> arg, CancellationToken cancellationToken)
    {
        if (scenario is not ("search" or "indexing"))
        {
            Console.Error.WriteLine($"herald-storage-bench: --scenario must be search or indexing, not '{scenario}'.");
            return 2;
        }

        var targets = new List<Func<Task<BenchStore>>> { () => StoreFactory.SqliteAsync(arg("--synchronous") ?? "full", cancellationToken) };
        if (arg("--pg") is { } pg)
        {
            targets.Add(() => StoreFactory.PostgresAsync(pg, cancellationToken));
        }

        foreach (var create in targets)
        {
            var target = await create().ConfigureAwait(false);
            try
            {
                if (scenario == "search")
                {
                    var sizes = (arg("--sizes") ?? "1000,10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    await SearchLatency.RunAsync(target, sizes, int.Parse(arg("--iterations") ?? "200", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await IndexingCost.RunAsync(target, int.Parse(arg("--writes") ?? "1500", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await target.Dispose().ConfigureAwait(false);
            }

            Console.WriteLine();
        }

        return 0;
    }
}
