using Herald.Core.Configuration;
using Herald.Core.Storage;
using Herald.Storage.PostgreSql;
using Herald.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Herald.StorageBench;

/// <summary>A fresh, empty store and how to throw it away.</summary>
/// <remarks>
/// <see cref="Analyze"/> refreshes planner statistics after a bulk load: PostgreSQL's autovacuum would
/// do it within a minute (see the storage section of docs/performance.md); Herald's SQLite store
/// never runs ANALYZE, so neither does the bench.
/// </remarks>
internal sealed record BenchStore(string Name, IResourceStore Store, IResourceSearch Search, Func<Task> Analyze, Func<ValueTask> Dispose);

/// <summary>Fresh stores for the search and indexing scenarios, built the way the server builds them.</summary>
internal static class StoreFactory
{
    public static async Task<BenchStore> SqliteAsync(string synchronous, CancellationToken cancellationToken)
    {
        var dir = Path.Combine(Path.GetTempPath(), "herald-bench-" + Guid.NewGuid().ToString("N"));
        var connections = new SqliteConnectionFactory(
            Options.Create(new StorageOptions { DataDir = dir }),
            Options.Create(new SqliteStorageOptions { SqliteSynchronous = synchronous }));
        await using (var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await SqliteSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        var store = new SqliteFhirStore(connections, TimeProvider.System);
        return new BenchStore($"SQLite (synchronous={synchronous})", store, store, () => Task.CompletedTask, () =>
        {
            store.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>A new database on the server <paramref name="adminConnectionString"/> points at; dropped on dispose.</summary>
    public static async Task<BenchStore> PostgresAsync(string adminConnectionString, CancellationToken cancellationToken)
    {
        var name = "herald_bench_" + Guid.NewGuid().ToString("N");
        await using (var admin = NpgsqlDataSource.Create(adminConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var data = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, MaxPoolSize = 50 }.ConnectionString);
        await PostgreSqlSchema.MigrateAsync(data, cancellationToken).ConfigureAwait(false);
        var store = new PostgreSqlFhirStore(data, TimeProvider.System, NullLogger<PostgreSqlFhirStore>.Instance);
        return new BenchStore("PostgreSQL", store, store, async () =>
        {
            await using var analyze = data.CreateCommand("ANALYZE");
            await analyze.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }, async () =>
        {
            await data.DisposeAsync().ConfigureAwait(false);
            NpgsqlConnection.ClearAllPools();
            await using var admin = NpgsqlDataSource.Create(adminConnectionString);
            await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        });
    }
}
