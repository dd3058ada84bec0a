using Herald.Core.Configuration;
using Herald.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Herald.Storage.PostgreSql;

public static class PostgreSqlStorageExtensions
{
    /// <summary>The message shown when <c>--storage postgres</c> is chosen without a connection string.</summary>
    public const string MissingConnectionString =
        "--storage postgres needs a connection string: --connection-string \"Host=...;Database=...;Username=...\" or HERALD_CONNECTION_STRING.";

    /// <summary>Stores everything in one PostgreSQL database, through one shared <see cref="NpgsqlDataSource"/>.</summary>
    public static IServiceCollection AddPostgreSqlStorage(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString;
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException(MissingConnectionString);
            }

            var builder = new NpgsqlDataSourceBuilder(connectionString);
            builder.UseLoggerFactory(sp.GetService<ILoggerFactory>());
            return builder.Build();
        });
        services.TryAddSingleton<PostgreSqlFhirStore>();
        services.TryAddSingleton<IResourceStore>(sp => sp.GetRequiredService<PostgreSqlFhirStore>());
        services.TryAddSingleton<IHistoryStore>(sp => sp.GetRequiredService<PostgreSqlFhirStore>());
        services.TryAddSingleton<IChangeLogReader>(sp => sp.GetRequiredService<PostgreSqlFhirStore>());
        services.TryAddSingleton<IResourceSearch>(sp => sp.GetRequiredService<PostgreSqlFhirStore>());
        services.TryAddSingleton<IDbConnectionSource, PostgreSqlDbConnectionSource>();
        services.AddHostedService<PostgreSqlMigrationService>();
        return services;
    }
}
