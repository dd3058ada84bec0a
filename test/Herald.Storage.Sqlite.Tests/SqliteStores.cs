using Herald.Core.Configuration;
using Herald.Storage.Compliance;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Herald.Storage.Sqlite.Tests;

/// <summary>Fresh SQLite stores on real files in a temp folder, removed afterwards.</summary>
public static class SqliteStores
{
    public static async Task<StoreUnderTest> CreateAsync(TimeProvider? clock)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "herald-sqlite-tests", Guid.NewGuid().ToString("N"));
        var connections = new SqliteConnectionFactory(
            Options.Create(new StorageOptions { DataDir = dataDir }),
            Options.Create(new SqliteStorageOptions()));
        await using (var connection = await connections.OpenAsync(CancellationToken.None))
        {
            await SqliteSchema.MigrateAsync(connection, CancellationToken.None);
        }

        var store = new SqliteFhirStore(connections, clock ?? TimeProvider.System);
        return new StoreUnderTest(store, store, store, store, () =>
        {
            store.Dispose();
            SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
            return ValueTask.CompletedTask;
        })
        {
            Connections = new SqliteDbConnectionSource(connections),
        };
    }
}
