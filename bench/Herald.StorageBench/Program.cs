using System.Globalization;
using Herald.Core.Configuration;
using Herald.Storage.PostgreSql;
using Herald.Storage.PostgreSql.Tests;
using Herald.Storage.Sqlite;
using Herald.StorageBench;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// Usage: dotnet run -c Release --project bench/Herald.StorageBench -- [--count 4000] [--writers 8] [--pg "<admin connection string>"]
// Without --pg a throwaway, durable (fsync on) PostgreSQL cluster is started from /usr/lib/postgresql.
// --scenario search|indexing: the search benchmarks of issue 3 (Scenarios.cs); without it, the store comparison below.
if (StringArg("--scenario") is { } scenario)
{
    return await Scenarios.RunAsync(scenario, StringArg, CancellationToken.None);
}

var count = IntArg("--count", 4000);
var writers = IntArg("--writers", 8);
var pgArg = StringArg("--pg");
var token = CancellationToken.None;

TemporaryPostgresServer? server = null;
if (pgArg is null)
{
    var bin = TemporaryPostgresServer.FindBinDirectory() ?? throw new InvalidOperationException("No PostgreSQL binaries; install postgresql or pass --pg.");
    server = await TemporaryPostgresServer.StartAsync(bin, durable: true, token);
}

var adminConnectionString = pgArg ?? server!.ConnectionString;
await using var admin = NpgsqlDataSource.Create(adminConnectionString);
var databases = new List<string>();
async Task<NpgsqlDataSource> NewDatabaseAsync()
{
    var name = "herald_bench_" + Guid.NewGuid().ToString("N");
    await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
    {
        await create.ExecuteNonQueryAsync(token);
    }

    databases.Add(name);
    return NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString);
}

var sqliteDir = Path.Combine(Path.GetTempPath(), "herald-bench-" + Guid.NewGuid().ToString("N"));
var sqliteConnections = new SqliteConnectionFactory(Options.Create(new StorageOptions { DataDir = sqliteDir }), Options.Create(new SqliteStorageOptions()));
await using (var connection = await sqliteConnections.OpenAsync(token))
{
    await SqliteSchema.MigrateAsync(connection, token);
}

var sqlite = new SqliteFhirStore(sqliteConnections, TimeProvider.System);
var pgData = await NewDatabaseAsync();
await PostgreSqlSchema.MigrateAsync(pgData, token);
var pg = new PostgreSqlFhirStore(pgData, TimeProvider.System, NullLogger<PostgreSqlFhirStore>.Instance);
var rawData = await NewDatabaseAsync();

IBenchTarget[] targets =
[
    new StoreTarget("SQLite store", sqlite, sqlite, () => { sqlite.Dispose(); return ValueTask.CompletedTask; }),
    new StoreTarget("PostgreSQL store", pg, pg, () => pgData.DisposeAsync()),
    await RawNpgsqlTarget.CreateAsync(rawData, token),
];

var sequential = Math.Max(count / 4, 100);
var random = new Random(42);
var lookups = Enumerable.Range(0, count).Select(_ => random.Next(sequential + count)).ToArray();
var results = new List<BenchResult>();
foreach (var target in targets)
{
    // Warm-up: JIT, connection pools, statement caches.
    await Measure.OpsPerSecondAsync(200, writers, i => target.CreateAsync(10_000_000 + i, token), token);
    await Measure.OpsPerSecondAsync(200, writers, i => target.FindAsync(i, token), token);

    var create1 = await Measure.OpsPerSecondAsync(sequential, 1, i => target.CreateAsync(i, token), token);
    var createN = await Measure.OpsPerSecondAsync(count, writers, i => target.CreateAsync(sequential + i, token), token);

    // Lookups are measured in steady state, with planner statistics as autovacuum keeps them.
    // Right after a bulk load, before autovacuum's first ANALYZE, PostgreSQL estimates one row
    // per (tenant, type) and picks a plan linear in the table size (docs/performance.md).
    await AnalyzeAsync(target);
    var find1 = await Measure.OpsPerSecondAsync(count, 1, i => Found(target, lookups[i]), token);
    var findN = await Measure.OpsPerSecondAsync(count, writers, i => Found(target, lookups[i]), token);
    results.Add(new BenchResult(target.Name, create1, createN, find1, findN));
    Console.Error.WriteLine($"{target.Name}: done");
}

Console.WriteLine($"{count} creates with {writers} writers, {sequential} with 1; {count} identifier lookups with 1 and {writers} readers; {Environment.ProcessorCount} CPUs.");
Console.WriteLine();
Console.WriteLine($"| target | create/s, 1 writer | create/s, {writers} writers | lookup/s, 1 reader | lookup/s, {writers} readers |");
Console.WriteLine("|---|---:|---:|---:|---:|");
foreach (var r in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Target} | {r.Create1:F0} | {r.CreateN:F0} | {r.Find1:F0} | {r.FindN:F0} |"));
}

var (lite, post, raw) = (results[0], results[1], results[2]);
Console.WriteLine();
Console.WriteLine("| ratio | create, 1 | create, N | lookup, 1 | lookup, N |");
Console.WriteLine("|---|---:|---:|---:|---:|");
Console.WriteLine(Ratio("PostgreSQL store / SQLite store", post, lite));
Console.WriteLine(Ratio("PostgreSQL store / raw Npgsql", post, raw));

foreach (var target in targets)
{
    await target.DisposeAsync();
}

await rawData.DisposeAsync();
NpgsqlConnection.ClearAllPools();
foreach (var name in databases)
{
    await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    await drop.ExecuteNonQueryAsync(token);
}

if (server is not null)
{
    await server.DisposeAsync();
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(sqliteDir, recursive: true);
return 0;

async Task Found(IBenchTarget target, int n)
{
    if (await target.FindAsync(n, token) != 1)
    {
        throw new InvalidOperationException($"{target.Name}: identifier {n} did not match exactly one resource.");
    }
}

async Task AnalyzeAsync(IBenchTarget target)
{
    var dataSource = target.Name switch { "PostgreSQL store" => pgData, "raw Npgsql" => rawData, _ => null };
    if (dataSource is not null)
    {
        await using var analyze = dataSource.CreateCommand("ANALYZE");
        await analyze.ExecuteNonQueryAsync(token);
    }
}

static string Ratio(string label, BenchResult a, BenchResult b) =>
    string.Create(CultureInfo.InvariantCulture, $"| {label} | {a.Create1 / b.Create1:F2} | {a.CreateN / b.CreateN:F2} | {a.Find1 / b.Find1:F2} | {a.FindN / b.FindN:F2} |");

int IntArg(string name, int fallback) =>
    StringArg(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

string? StringArg(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
