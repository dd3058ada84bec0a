using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Herald.Storage.PostgreSql;

/// <summary>Migrates the schema before the server takes requests.</summary>
internal sealed class PostgreSqlMigrationService(NpgsqlDataSource dataSource, ILogger<PostgreSqlMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await PostgreSqlSchema.MigrateAsync(dataSource, cancellationToken).ConfigureAwait(false);
        Log.SchemaReady(logger, PostgreSqlSchema.CurrentVersion);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
