using Herald.Storage.Compliance;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

[assembly: AssemblyFixture(typeof(Herald.Storage.PostgreSql.Tests.PostgresFixture))]

namespace Herald.Storage.PostgreSql.Tests;

/// <summary>
/// One PostgreSQL server for the test assembly: <c>HERALD_TEST_PG</c> when set, otherwise a
/// throwaway cluster when the binaries are installed. Every store gets its own database, so
/// tests stay independent and can run in parallel.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private TemporaryPostgresServer? _server;
    private NpgsqlDataSource? _admin;
    private string? _adminConnectionString;
    private string? _unavailable;

    public async ValueTask InitializeAsync()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable("HERALD_TEST_PG");
        if (string.IsNullOrWhiteSpace(_adminConnectionString))
        {
            var bin = TemporaryPostgresServer.FindBinDirectory();
            if (bin is null)
            {
                _unavailable = "PostgreSQL is not available: HERALD_TEST_PG is unset and no /usr/lib/postgresql/<major>/bin/initdb is installed (apt-get install postgresql).";
                return;
            }

            try
            {
                _server = await TemporaryPostgresServer.StartAsync(bin, durable: false, CancellationToken.None);
                _adminConnectionString = _server.ConnectionString;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException or UnauthorizedAccessException)
            {
                _unavailable = $"Could not start a throwaway PostgreSQL from {bin}: {e.Message}";
                return;
            }
        }

        _admin = NpgsqlDataSource.Create(_adminConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        if (_admin is not null)
        {
            await _admin.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A new empty database, migrated, with a store on it; dropped when disposed.</summary>
    public async Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock)
    {
        var dataSource = await CreateDatabaseAsync();
        await PostgreSqlSchema.MigrateAsync(dataSource, CancellationToken.None);
        var store = new PostgreSqlFhirStore(dataSource, clock ?? TimeProvider.System, NullLogger<PostgreSqlFhirStore>.Instance);
        return new StoreUnderTest(store, store, store, store, () => DropAsync(dataSource)) { Connections = new PostgreSqlDbConnectionSource(dataSource) };
    }

    /// <summary>A new empty database without schema; drop it with <see cref="DropAsync"/>.</summary>
    public async Task<NpgsqlDataSource> CreateDatabaseAsync()
    {
        if (_admin is null)
        {
            // Locally a missing server skips with the reason; on CI it must fail, or the
            // PostgreSQL backend would go untested without anyone noticing.
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(_unavailable + " CI=true requires PostgreSQL tests to run.");
            }

            Assert.Skip(_unavailable!);
        }

        var name = "herald_test_" + Guid.NewGuid().ToString("N");
        await using (var create = _admin.CreateCommand($"CREATE DATABASE {name}"))
        {
            await create.ExecuteNonQueryAsync(CancellationToken.None);
        }

        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, MaxPoolSize = 20 };
        return NpgsqlDataSource.Create(builder.ConnectionString);
    }

    public async ValueTask DropAsync(NpgsqlDataSource dataSource)
    {
        var name = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database;
        await dataSource.DisposeAsync();
        await using var drop = _admin!.CreateCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
