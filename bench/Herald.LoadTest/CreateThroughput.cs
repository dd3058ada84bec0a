using System.Net;
using System.Net.Sockets;
using System.Text;
using Herald.Server;

namespace Herald.LoadTest;

/// <summary>
/// Herald's create throughput end to end: a real Kestrel listener on loopback, in this process
/// (HeraldApplication.Build + StartAsync), with a fresh data dir per run, and concurrent
/// HttpClient workers POSTing Patients to /fhir/Patient. In-process keeps the harness simple;
/// the clients and the server share the machine's cores either way.
/// </summary>
public static class CreateThroughput
{
    public static async Task<LoadResult> RunAsync(
        string synchronous, int round, int clients, bool preferMinimal, IReadOnlyList<string> warmup, IReadOnlyList<string> measured)
    {
        var dir = Directory.CreateTempSubdirectory("herald-bench-server-");
        var port = FreeLoopbackPort();
        var app = HeraldApplication.Build(new Dictionary<string, string?>
        {
            ["Herald:Host"] = "127.0.0.1",
            ["Herald:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Herald:DataDir"] = dir.FullName,
            ["Herald:SqliteSynchronous"] = synchronous,
            // Per-run startup lines would interleave with the progress output.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/fhir/") };

            async Task Create(IReadOnlyList<string> documents, int index)
            {
                using var content = new StringContent(documents[index], Encoding.UTF8, "application/fhir+json");
                using var request = new HttpRequestMessage(HttpMethod.Post, "Patient") { Content = content };
                if (preferMinimal)
                {
                    request.Headers.Add("Prefer", "return=minimal");
                }

                using var response = await http.SendAsync(request).ConfigureAwait(false);
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    throw new InvalidOperationException($"POST /fhir/Patient returned {(int)response.StatusCode}: {body}");
                }

                // Read the body as a real client would; without Prefer: return=minimal it echoes the resource.
                await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            }

            // The warm-up JITs the request path and opens the keep-alive connections.
            await ConcurrentDriver.RunAsync(warmup.Count, clients, (_, i) => Create(warmup, i)).ConfigureAwait(false);
            var run = await ConcurrentDriver.RunAsync(measured.Count, clients, (_, i) => Create(measured, i)).ConfigureAwait(false);
            return LoadResult.From("herald", synchronous, round, clients, run);
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Herald requires a port in 1-65535, so ask the OS for a free one and hand it over.</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
