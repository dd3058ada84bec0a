using Herald.Api;
using Herald.Api.Configuration;
using Herald.Core.Configuration;
using Herald.Storage.PostgreSql;
using Herald.Storage.Sqlite;
using Herald.Subscriptions;
using Herald.Subscriptions.Channels.WebSocket;
using Microsoft.Extensions.Options;

namespace Herald.Server;

/// <summary>Builds and runs the Herald web application.</summary>
public static partial class HeraldApplication
{
    public static int Run(IReadOnlyDictionary<string, string?> overrides, string[] hostArgs)
    {
        WebApplication app;
        try
        {
            app = Build(overrides, hostArgs);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or NotSupportedException)
        {
            Console.Error.WriteLine($"herald: {e.Message}");
            return 2;
        }

        app.Run();
        return 0;
    }

    /// <param name="configureServices">
    /// Extra registrations after Herald's own (in-process hosts such as the load test add a
    /// subscription channel this way); null for the real server.
    /// </param>
    public static WebApplication Build(
        IReadOnlyDictionary<string, string?> overrides, string[]? hostArgs = null, Action<IServiceCollection>? configureServices = null)
    {
        // Raw args are not handed to the builder: the command line is parsed by HeraldCommandLine
        // and only its Herald:* keys and the host's own switches arrive here, so unknown flags
        // never become settings.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs ?? [], ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(EnvironmentMapping.Read());
        builder.Configuration.AddInMemoryCollection(overrides);

        var server = builder.Configuration.GetSection(ServerOptions.Section).Get<ServerOptions>() ?? new ServerOptions();
        var storage = builder.Configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        builder.WebHost.UseUrls($"http://{server.Host}:{server.Port}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = server.MaxRequestBodyBytes);

        builder.Services.AddHerald();

        // Storage first: hosted services start in registration order, so the schema exists before
        // the subscription services (event-log tables, matcher, dispatcher) start.
        switch (storage.Storage)
        {
            case "sqlite":
                builder.Services.AddSqliteStorage();
                break;
            case "postgres":
                // Checked here as well as in the data source factory, so the command line fails
                // with one clear sentence instead of a stack trace from the first resolve.
                if (string.IsNullOrWhiteSpace(storage.ConnectionString))
                {
                    throw new InvalidOperationException(PostgreSqlStorageExtensions.MissingConnectionString);
                }

                builder.Services.AddPostgreSqlStorage();
                break;
            default:
                throw new InvalidOperationException($"Unknown storage '{storage.Storage}'; use sqlite or postgres.");
        }

        builder.Services.AddSubscriptions();
        builder.Services.AddWebSocketChannel();

        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapHerald();
        LogStartup(app, server, storage);
        return app;
    }

    private static void LogStartup(WebApplication app, ServerOptions server, StorageOptions storage)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Herald");
        var root = server.BaseUrl?.TrimEnd('/') ?? $"http://{server.Host}:{server.Port}";
        LogBase(logger, $"{root}/fhir");
        var location = storage.Storage == "sqlite"
            ? app.Services.GetRequiredService<SqliteConnectionFactory>().DatabasePath
            : DescribePostgres(storage.ConnectionString!);
        LogStorage(logger, storage.Storage, location);
    }

    /// <summary>Host, port and database only: the connection string may hold a password.</summary>
    private static string DescribePostgres(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Host}:{builder.Port}/{builder.Database}";
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Herald FHIR base: {BaseUrl}")]
    private static partial void LogBase(ILogger logger, string baseUrl);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Storage: {Storage}, data at {Location}")]
    private static partial void LogStorage(ILogger logger, string storage, string location);
}
