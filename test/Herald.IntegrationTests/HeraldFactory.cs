using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Herald.IntegrationTests;

/// <summary>
/// Runs Herald in-process on a real SQLite file in a fresh temporary folder, deleted on dispose.
/// Extra settings (Herald:* keys) can be passed to exercise options.
/// </summary>
public sealed class HeraldFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public HeraldFactory(IDictionary<string, string?>? settings = null)
    {
        DataDir = Path.Combine(Path.GetTempPath(), "herald-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Herald:DataDir"] = DataDir,
        };
    }

    public string DataDir { get; }

    public string DatabasePath => Path.Combine(DataDir, "herald.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not UseSetting: WebApplicationFactory turns those into command-line arguments, which
        // Herald's strict command line rejects. Configuration added here applies at Build().
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
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
