using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Herald.TestSupport;

/// <summary>
/// Herald as a real child process (<c>dotnet Herald.Server.dll</c>, copied next to the test
/// assembly by the project reference) on a fixed port and data folder, so it can be killed with
/// SIGKILL and started again on the same data. Disposing kills it and deletes the folder.
/// </summary>
public sealed class HeraldProcess : IAsyncDisposable
{
    private Process? _process;

    public HeraldProcess()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        DataDir = Path.Combine(Path.GetTempPath(), "herald-process", Guid.NewGuid().ToString("N"));
    }

    public int Port { get; }

    public string DataDir { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public int Starts { get; private set; }

    public async Task StartAsync(CancellationToken token)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Herald.Server.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { server, "--port", $"{Port}", "--data-dir", DataDir, "--allow-private-endpoints", "--allow-full-resource-over-http", "--base-url", BaseUrl })
        {
            info.ArgumentList.Add(arg);
        }

        // Fast retries so a restart catches up in seconds (keys: Herald:RetryInitialSeconds, ...).
        info.Environment["HERALD_RETRY_INITIAL_SECONDS"] = "0.1";
        info.Environment["HERALD_RETRY_MAX_SECONDS"] = "0.5";
        info.Environment["HERALD_HANDSHAKE_ATTEMPTS"] = "20";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        _process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Starts++;

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Herald exited with {_process.ExitCode} on start");
            }

            try
            {
                using var response = await client.GetAsync(new Uri($"{BaseUrl}/healthz"), token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!token.IsCancellationRequested)
            {
                // Slow start.
            }

            await Task.Delay(50, token);
        }

        throw new TimeoutException("Herald did not become healthy");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; whatever was committed is all there is.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
