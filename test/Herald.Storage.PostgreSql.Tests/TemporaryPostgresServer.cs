using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Herald.Storage.PostgreSql.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster: <c>initdb</c> and <c>pg_ctl</c> in a temp folder on a free
/// port, removed on dispose. PostgreSQL refuses to run as root, and CI runs as root, so there
/// the server runs as the <c>postgres</c> OS user (created when missing) via <c>runuser</c>.
/// Also linked into bench/Herald.StorageBench.
/// </summary>
public sealed class TemporaryPostgresServer : IAsyncDisposable
{
    private const string OsUser = "postgres";
    private readonly string _binDirectory;
    private readonly string _root;
    private readonly bool _asOsUser;

    private TemporaryPostgresServer(string binDirectory, string root, bool asOsUser, int port)
    {
        _binDirectory = binDirectory;
        _root = root;
        _asOsUser = asOsUser;
        ConnectionString = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=true";
    }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string ConnectionString { get; }

    /// <summary>The newest installed <c>/usr/lib/postgresql/&lt;major&gt;/bin</c> holding initdb, or null.</summary>
    public static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Major: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : -1))
            .Where(x => x.Major > 0 && File.Exists(Path.Combine(x.Dir, "initdb")))
            .OrderByDescending(x => x.Major)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    /// <summary>
    /// Starts a cluster. <paramref name="durable"/> false turns fsync off: fine for tests, whose
    /// data dies with the folder; benchmarks keep the durable defaults.
    /// </summary>
    public static async Task<TemporaryPostgresServer> StartAsync(string binDirectory, bool durable, CancellationToken cancellationToken)
    {
        var asOsUser = Environment.UserName == "root";
        var root = Path.Combine(Path.GetTempPath(), "herald-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        if (asOsUser)
        {
            await EnsureOsUserAsync(cancellationToken).ConfigureAwait(false);
            await RunAsync("chown", [$"{OsUser}:{OsUser}", root], cancellationToken).ConfigureAwait(false);
        }

        var port = FreePort();
        var server = new TemporaryPostgresServer(binDirectory, root, asOsUser, port);
        try
        {
            var data = Path.Combine(root, "data");
            await server.PgAsync("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], cancellationToken).ConfigureAwait(false);
            var settings = $"-p {port.ToString(CultureInfo.InvariantCulture)} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=400";
            if (!durable)
            {
                settings += " -c fsync=off -c full_page_writes=off -c synchronous_commit=off";
            }

            await server.PgAsync("pg_ctl", ["-D", data, "-l", Path.Combine(root, "server.log"), "-o", settings, "-w", "-t", "60", "start"], cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var data = Path.Combine(_root, "data");
        if (File.Exists(Path.Combine(data, "postmaster.pid")))
        {
            try
            {
                await PgAsync("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"], CancellationToken.None).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Best effort: the folder goes anyway, and a server without its folder exits.
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    private Task PgAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _asOsUser
            ? RunAsync("runuser", ["-u", OsUser, "--", path, .. args], cancellationToken)
            : RunAsync(path, args, cancellationToken);
    }

    private static async Task EnsureOsUserAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync("id", ["-u", OsUser], cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            await RunAsync("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", OsUser], cancellationToken).ConfigureAwait(false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}{await stdout.ConfigureAwait(false)}");
        }
    }
}
