using Herald.Core.Configuration;
using Herald.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Herald.Storage.Sqlite;

public static class SqliteStorageExtensions
{
    /// <summary>Stores everything in one embedded SQLite file (the default).</summary>
    public static IServiceCollection AddSqliteStorage(this IServiceCollection services)
    {
        services.AddOptions<SqliteStorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteConnectionFactory>();
        services.TryAddSingleton<SqliteFhirStore>();
        services.TryAddSingleton<IResourceStore>(sp => sp.GetRequiredService<SqliteFhirStore>());
        services.TryAddSingleton<IHistoryStore>(sp => sp.GetRequiredService<SqliteFhirStore>());
        services.TryAddSingleton<IChangeLogReader>(sp => sp.GetRequiredService<SqliteFhirStore>());
        services.TryAddSingleton<IResourceSearch>(sp => sp.GetRequiredService<SqliteFhirStore>());
        services.TryAddSingleton<IDbConnectionSource, SqliteDbConnectionSource>();
        services.AddHostedService<SqliteMigrationService>();
        return services;
    }
}

/// <summary>Migrates the schema before the server takes requests.</summary>
internal sealed class SqliteMigrationService(SqliteConnectionFactory connections) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await SqliteSchema.MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
