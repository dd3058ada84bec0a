using System.CommandLine;

namespace Herald.Server;

/// <summary>
/// The command line. Each flag maps onto one key of the <c>Herald</c> configuration section,
/// the same key a <c>HERALD_*</c> environment variable or appsettings.json sets.
/// Precedence: flag, then environment variable, then appsettings.json, then the default.
/// </summary>
public static class HeraldCommandLine
{
    private static readonly (string Flag, string Key, string Description)[] Flags =
    [
        ("--host", "Host", "Interface to listen on (default 127.0.0.1; 0.0.0.0 for all). Env: HERALD_HOST."),
        ("--port", "Port", "TCP port (default 8080). Env: HERALD_PORT."),
        ("--base-url", "BaseUrl", "Public root URL written into every link, e.g. https://fhir.example.org; FHIR bases are <base-url>/fhir and <base-url>/tenants/<t>/fhir (default: taken from each request). Env: HERALD_BASE_URL."),
        ("--storage", "Storage", "sqlite (default, embedded file) or postgres. Env: HERALD_STORAGE."),
        ("--data-dir", "DataDir", "Folder of the embedded SQLite database (default ./herald-data, created if missing). Env: HERALD_DATA_DIR."),
        ("--connection-string", "ConnectionString", "Database connection string (required for postgres). Env: HERALD_CONNECTION_STRING."),
        ("--max-request-body-bytes", "MaxRequestBodyBytes", "Largest accepted request body in bytes (default 16777216). Env: HERALD_MAX_REQUEST_BODY_BYTES."),
        ("--topics-dir", "TopicsDir", "Folder of SubscriptionTopic files (R4 Basic resources as JSON) loaded at start-up for every tenant, e.g. ./topics. Env: HERALD_TOPICS_DIR."),
        ("--sqlite-synchronous", "SqliteSynchronous", "full (default: a 2xx survives power loss) or normal (faster; survives a crash of the process only). Env: HERALD_SQLITE_SYNCHRONOUS."),
    ];

    /// <summary>On/off switches: present means true.</summary>
    private static readonly (string Flag, string Key, string Description)[] Switches =
    [
        ("--allow-private-endpoints", "AllowPrivateEndpoints", "Accept rest-hook endpoints on loopback, private and link-local addresses (off by default: SSRF guard). Env: HERALD_ALLOW_PRIVATE_ENDPOINTS=true."),
        ("--allow-full-resource-over-http", "AllowFullResourceOverHttp", "Allow full-resource payloads to plain-http endpoints. Env: HERALD_ALLOW_FULL_RESOURCE_OVER_HTTP=true."),
    ];

    public static RootCommand Build()
    {
        var root = new RootCommand("Herald: a FHIR R4 server with topic-based subscriptions (rest-hook and WebSocket).");
        var options = Flags.Select(f => (Option: new Option<string>(f.Flag) { Description = f.Description }, f.Key)).ToList();
        foreach (var (option, _) in options)
        {
            root.Options.Add(option);
        }

        var switches = Switches.Select(f => (Option: new Option<bool>(f.Flag) { Description = f.Description }, f.Key)).ToList();
        foreach (var (option, _) in switches)
        {
            root.Options.Add(option);
        }

        // The generic host's own switches (WebApplicationFactory passes these); hidden from help.
        var hostSwitches = new[] { "--environment", "--contentRoot", "--applicationName" }
            .Select(name => new Option<string>(name) { Hidden = true })
            .ToList();
        foreach (var option in hostSwitches)
        {
            root.Options.Add(option);
        }

        root.SetAction(parse =>
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (option, key) in options)
            {
                if (parse.GetValue(option) is { } value)
                {
                    overrides[$"Herald:{key}"] = value;
                }
            }

            foreach (var (option, key) in switches)
            {
                if (parse.GetValue(option))
                {
                    overrides[$"Herald:{key}"] = "true";
                }
            }

            var hostArgs = hostSwitches
                .Where(o => parse.GetValue(o) is not null)
                .Select(o => $"{o.Name}={parse.GetValue(o)}")
                .ToArray();
            return HeraldApplication.Run(overrides, hostArgs);
        });
        return root;
    }
}
