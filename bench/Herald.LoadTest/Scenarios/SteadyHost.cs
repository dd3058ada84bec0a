using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Herald.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace Herald.LoadTest.Scenarios;

/// <summary>
/// Herald on Kestrel for scenario 4: N subscriptions (rest-hook to one <see cref="BenchReceiver"/>, or
/// websocket bound in chunks of 50 ids per socket), subscription i filtered on Patient/p{i}; Encounter
/// creates rotate over the patients, so every write is one event; arrivals keyed by Encounter id.
/// </summary>
public sealed class SteadyHost : IAsyncDisposable
{
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dir;
    private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
    private readonly List<ClientWebSocket> _sockets = [];
    private BenchReceiver? _receiver;
    private int _next;

    private SteadyHost(WebApplication app, DirectoryInfo dir, int port)
    {
        _app = app;
        _dir = dir;
        Http = new HttpClient(_handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/fhir/") };
    }

    public HttpClient Http { get; }

    public int Patients { get; private set; } = 1;

    /// <summary>Encounter id -> Stopwatch ticks at arrival (rest-hook receiver or websocket frame).</summary>
    public ConcurrentDictionary<string, long> Arrived { get; } = new(StringComparer.Ordinal);

    /// <summary>channel: none, rest-hook or websocket.</summary>
    public static async Task<SteadyHost> StartAsync(string channel, int subscriptions)
    {
        var dir = Directory.CreateTempSubdirectory("herald-bench-steady-");
        var port = WebSocketBenchHost.FreePort();
        var app = HeraldApplication.Build(new Dictionary<string, string?>
        {
            ["Herald:Host"] = "127.0.0.1",
            ["Herald:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Herald:BaseUrl"] = $"http://127.0.0.1:{port}",
            ["Herald:DataDir"] = dir.FullName,
            ["Herald:SqliteSynchronous"] = "full",
            ["Herald:AllowPrivateEndpoints"] = "true",
            ["Herald:WebSocketSendQueue"] = "8192",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        });
        await app.StartAsync().ConfigureAwait(false);
        var host = new SteadyHost(app, dir, port);
        await host.PostAsync("Basic", SubscriptionDocuments.Topic()).ConfigureAwait(false);
        if (channel == "none")
        {
            return host;
        }

        host.Patients = subscriptions;
        string? endpoint = null;
        if (channel == "rest-hook")
        {
            host._receiver = await BenchReceiver.StartAsync().ConfigureAwait(false);
            endpoint = host._receiver.Url;
        }

        var ids = new string[subscriptions];
        await Parallel.ForAsync(0, subscriptions, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            ids[i] = (await host.PostAsync("Subscription", Subscription(i, endpoint)).ConfigureAwait(false)).Id).ConfigureAwait(false);
        if (channel == "websocket")
        {
            foreach (var chunk in ids.Chunk(50))
            {
                var socket = await SocketClient.BindAsync(host.Http, null, chunk).ConfigureAwait(false);
                host._sockets.Add(socket);
                _ = Task.Run(() => host.ReadAsync(socket));
            }
        }
        else
        {
            // Rest-hook subscriptions become active after their handshake.
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (host._receiver!.Handshakes < subscriptions && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100).ConfigureAwait(false);
            }
        }

        return host;
    }

    public bool HasArrived(string id) => _receiver is null ? Arrived.ContainsKey(id) : _receiver.Received.ContainsKey("Encounter/" + id);

    public long ArrivedAt(string id) => _receiver is null ? Arrived[id] : _receiver.Received["Encounter/" + id];

    /// <summary>One Encounter on the next patient (round-robin); id, ticks before send and at the 201.</summary>
    public async Task<(string Id, long Sent, long Answered)> CreateAsync()
    {
        var n = Interlocked.Increment(ref _next);
        var sent = Stopwatch.GetTimestamp();
        var (id, answered) = await PostAsync("Encounter", SubscriptionDocuments.Encounter(n % Patients, n)).ConfigureAwait(false);
        return (id, sent, answered);
    }

    private async Task ReadAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        while (socket.State == WebSocketState.Open)
        {
            byte[] frame;
            try
            {
                frame = await WebSocketBenchHost.ReceiveAsync(socket, buffer).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                return;
            }

            var at = Stopwatch.GetTimestamp();
            if (frame.Length == 0)
            {
                return;
            }

            using var doc = JsonDocument.Parse(frame);
            if (doc.RootElement.TryGetProperty("entry", out var entries))
            {
                foreach (var entry in entries.EnumerateArray().Skip(1))
                {
                    if (entry.TryGetProperty("fullUrl", out var url))
                    {
                        Arrived.TryAdd(url.GetString()!.Split('/')[^1], at);
                    }
                }
            }
        }
    }

    private static string Subscription(int patient, string? endpoint) =>
        "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"bench\",\"criteria\":\"" + SubscriptionDocuments.TopicUrl + "\","
        + "\"_criteria\":{\"extension\":[{\"url\":\"" + Backport + "backport-filter-criteria\",\"valueString\":\"Encounter?patient=Patient/" + SubscriptionDocuments.PatientId(patient) + "\"}]},"
        + "\"channel\":{\"type\":\"" + (endpoint is null ? "websocket" : "rest-hook") + "\"," + (endpoint is null ? "" : "\"endpoint\":\"" + endpoint + "\",")
        + "\"payload\":\"application/fhir+json\",\"_payload\":{\"extension\":[{\"url\":\"" + Backport + "backport-payload-content\",\"valueCode\":\"id-only\"}]}}}";

    private Task<(string Id, long Answered)> PostAsync(string type, string json) => Http.CreateTimedAsync(type, json);

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _sockets)
        {
            s.Abort();
            s.Dispose();
        }

        Http.Dispose();
        _handler.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync().ConfigureAwait(false);
        }

        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
