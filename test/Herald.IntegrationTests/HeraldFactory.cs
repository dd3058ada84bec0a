using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.IntegrationTests;

/// <summary>
/// Runs Herald in-process on a real SQLite file in a fresh temporary folder, deleted on dispose.
/// Extra settings (Herald:* keys) can be passed to exercise options.
/// </summary>
public sealed class HeraldFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Herald:* settings.</param>
    /// <param name="services">Extra service registrations (e.g. a recording subscription channel).</param>
    /// <param name="dataDir">An existing data folder, to start a new host on the same data (a restart); it is then kept on dispose.</param>
    public HeraldFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, string? dataDir = null)
    {
        _services = services;
        KeepData = dataDir is not null;
        DataDir = dataDir ?? Path.Combine(Path.GetTempPath(), "herald-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Herald:DataDir"] = DataDir,
        };
    }

    public string DataDir { get; }

    /// <summary>When true the data folder survives dispose (set it on the first host of a restart test).</summary>
    public bool KeepData { get; set; }

    public string DatabasePath => Path.Combine(DataDir, "herald.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not UseSetting: WebApplicationFactory turns those into command-line arguments, which
        // Herald's strict command line rejects. Configuration added here applies at Build().
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepData)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
        }
    }
}
