using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Herald.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace Herald.LoadTest;

/// <summary>
/// Herald on real Kestrel with the bench topic and one rest-hook subscription (id-only, filtered on
/// Patient/p0) pointing at a <see cref="BenchReceiver"/>; every Encounter created here references
/// Patient/p0, so each create is one event delivered to that receiver.
/// </summary>
public sealed class RestHookHost : IAsyncDisposable
{
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dir;
    private readonly SocketsHttpHandler _handler;
    private readonly HttpClient _http;
    private int _next;

    private RestHookHost(WebApplication app, DirectoryInfo dir, int port, BenchReceiver receiver)
    {
        _app = app;
        _dir = dir;
        Receiver = receiver;
        _handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        _http = new HttpClient(_handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/fhir/") };
    }

    public BenchReceiver Receiver { get; }

    public static async Task<RestHookHost> StartAsync(string synchronous, int? maxCount)
    {
        var receiver = await BenchReceiver.StartAsync().ConfigureAwait(false);
        var dir = Directory.CreateTempSubdirectory("herald-bench-resthook-");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var app = HeraldApplication.Build(new Dictionary<string, string?>
        {
            ["Herald:Host"] = "127.0.0.1",
            ["Herald:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Herald:DataDir"] = dir.FullName,
            ["Herald:SqliteSynchronous"] = synchronous,
            ["Herald:AllowPrivateEndpoints"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        });
        await app.StartAsync().ConfigureAwait(false);
        var host = new RestHookHost(app, dir, port, receiver);
        await host.PostAsync("Basic", SubscriptionDocuments.Topic()).ConfigureAwait(false);
        var id = (await host.PostAsync("Subscription", Subscription(receiver.Url, maxCount)).ConfigureAwait(false)).Id;
        await host.WaitActiveAsync(id).ConfigureAwait(false);
        return host;
    }

    /// <summary>Creates one Encounter on Patient/p0; returns "Encounter/{id}" and the Stopwatch ticks before sending and when the 201 arrived.</summary>
    public async Task<(string Key, long Sent, long Answered)> CreateEncounterAsync()
    {
        var n = Interlocked.Increment(ref _next);
        var sent = Stopwatch.GetTimestamp();
        var (id, answered) = await PostAsync("Encounter", SubscriptionDocuments.Encounter(0, n)).ConfigureAwait(false);
        return ("Encounter/" + id, sent, answered);
    }

    /// <summary>A rest-hook subscription on the bench topic for Patient/p0, id-only, optionally with backport-max-count.</summary>
    private static string Subscription(string endpoint, int? maxCount) =>
        "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"bench\",\"criteria\":\"" + SubscriptionDocuments.TopicUrl + "\","
        + "\"_criteria\":{\"extension\":[{\"url\":\"" + Backport + "backport-filter-criteria\",\"valueString\":\"Encounter?patient=Patient/" + SubscriptionDocuments.PatientId(0) + "\"}]},"
        + "\"channel\":{" + (maxCount is { } m ? "\"extension\":[{\"url\":\"" + Backport + "backport-max-count\",\"valuePositiveInt\":" + m.ToString(CultureInfo.InvariantCulture) + "}]," : "")
        + "\"type\":\"rest-hook\",\"endpoint\":\"" + endpoint + "\",\"payload\":\"application/fhir+json\","
        + "\"_payload\":{\"extension\":[{\"url\":\"" + Backport + "backport-payload-content\",\"valueCode\":\"id-only\"}]}}}";

    private async Task WaitActiveAsync(string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var json = await _http.GetStringAsync("Subscription/" + id).ConfigureAwait(false);
            if (json.Contains("\"status\":\"active\"", StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Subscription/{id} did not become active (handshakes received: {Receiver.Handshakes}): {json}");
            }

            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    private Task<(string Id, long Answered)> PostAsync(string type, string json) => _http.CreateTimedAsync(type, json);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        _handler.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await Receiver.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
