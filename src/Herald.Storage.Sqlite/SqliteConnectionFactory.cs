using Herald.Core.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Herald.Storage.Sqlite;

/// <summary>Opens configured connections to the one Herald database file.</summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteConnectionFactory(IOptions<StorageOptions> storage, IOptions<SqliteStorageOptions> sqlite)
    {
        _synchronous = sqlite.Value.SqliteSynchronous.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            var other => throw new InvalidOperationException($"SqliteSynchronous must be 'full' or 'normal', not '{other}'."),
        };
        if (!string.IsNullOrWhiteSpace(storage.Value.ConnectionString))
        {
            _connectionString = storage.Value.ConnectionString;
            DatabasePath = new SqliteConnectionStringBuilder(_connectionString).DataSource;
        }
        else
        {
            var dataDir = Path.GetFullPath(storage.Value.DataDir);
            Directory.CreateDirectory(dataDir);
            DatabasePath = Path.Combine(dataDir, "herald.db");
            _connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = DatabasePath,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Cache = SqliteCacheMode.Private,
                Pooling = true,
                DefaultTimeout = 30,
            }.ToString();
        }
    }

    public string DatabasePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            // Settings that belong to the connection, not the file: set on every open.
            pragma.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
