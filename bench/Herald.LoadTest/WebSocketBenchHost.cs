using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Herald.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;

namespace Herald.LoadTest;

/// <summary>
/// Herald on real Kestrel (public base = its loopback address, so websocket-url is usable), with
/// the bench topic; websocket subscriptions filtered on Patient/p0, bound with real ClientWebSockets.
/// </summary>
public sealed class WebSocketBenchHost : IAsyncDisposable
{
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private readonly WebApplication _app;
    private readonly DirectoryInfo _dir;
    private readonly SocketsHttpHandler _handler;
    private int _next;

    private WebSocketBenchHost(WebApplication app, DirectoryInfo dir, int port)
    {
        _app = app;
        _dir = dir;
        _handler = new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        Http = new HttpClient(_handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/fhir/") };
    }

    public HttpClient Http { get; }

    public static async Task<WebSocketBenchHost> StartAsync(int sendQueue)
    {
        var dir = Directory.CreateTempSubdirectory("herald-bench-ws-");
        var port = FreePort();
        var app = HeraldApplication.Build(new Dictionary<string, string?>
        {
            ["Herald:Host"] = "127.0.0.1",
            ["Herald:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Herald:BaseUrl"] = $"http://127.0.0.1:{port}",
            ["Herald:DataDir"] = dir.FullName,
            ["Herald:SqliteSynchronous"] = "full",
            ["Herald:WebSocketSendQueue"] = sendQueue.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        await app.StartAsync().ConfigureAwait(false);
        var host = new WebSocketBenchHost(app, dir, port);
        await host.PostAsync("Basic", SubscriptionDocuments.Topic()).ConfigureAwait(false);
        return host;
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A websocket subscription (active on create) on Patient/p0, id-only.</summary>
    public async Task<string> SubscribeAsync(int maxCount) =>
        (await PostAsync("Subscription",
            "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"bench\",\"criteria\":\"" + SubscriptionDocuments.TopicUrl + "\","
            + "\"_criteria\":{\"extension\":[{\"url\":\"" + Backport + "backport-filter-criteria\",\"valueString\":\"Encounter?patient=Patient/" + SubscriptionDocuments.PatientId(0) + "\"}]},"
            + "\"channel\":{\"extension\":[{\"url\":\"" + Backport + "backport-max-count\",\"valuePositiveInt\":" + maxCount.ToString(CultureInfo.InvariantCulture) + "}],"
            + "\"type\":\"websocket\",\"payload\":\"application/fhir+json\","
            + "\"_payload\":{\"extension\":[{\"url\":\"" + Backport + "backport-payload-content\",\"valueCode\":\"id-only\"}]}}}").ConfigureAwait(false)).Id;

    /// <summary>Connects, sends bind-with-token and reads the handshake frame.</summary>
    public async Task<ClientWebSocket> BindAsync(params string[] ids)
    {
        using var response = await Http.GetAsync("Subscription/$get-ws-binding-token?" + string.Join('&', ids.Select(id => "id=" + id))).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"$get-ws-binding-token returned {(int)response.StatusCode}: {body}");
        }

        string? token = null, url = null;
        foreach (var p in JsonDocument.Parse(body).RootElement.GetProperty("parameter").EnumerateArray())
        {
            var value = p.EnumerateObject().First(x => x.Name.StartsWith("value", StringComparison.Ordinal)).Value.GetString();
            (token, url) = p.GetProperty("name").GetString() switch { "token" => (value, url), "websocket-url" => (token, value), _ => (token, url) };
        }

        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(url!), CancellationToken.None).ConfigureAwait(false);
        await socket.SendAsync(Encoding.UTF8.GetBytes("bind-with-token " + token), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        var handshake = await ReceiveAsync(socket, new byte[16 * 1024]).ConfigureAwait(false);
        if (!Encoding.UTF8.GetString(handshake).Contains("\"handshake\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("expected a handshake, got: " + Encoding.UTF8.GetString(handshake));
        }

        return socket;
    }

    /// <summary>One whole text message (empty on close).</summary>
    public static async Task<byte[]> ReceiveAsync(WebSocket socket, byte[] buffer)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return [];
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }

    /// <summary>Creates one Encounter on Patient/p0; returns its id and the Stopwatch ticks before sending and at the 201.</summary>
    public async Task<(string Id, long Sent, long Answered)> CreateEncounterAsync()
    {
        var n = Interlocked.Increment(ref _next);
        var sent = Stopwatch.GetTimestamp();
        var (id, answered) = await PostAsync("Encounter", SubscriptionDocuments.Encounter(0, n)).ConfigureAwait(false);
        return (id, sent, answered);
    }

    /// <summary>A transaction of <paramref name="count"/> Encounter creates (each one event).</summary>
    public async Task TransactionAsync(int count)
    {
        var entries = Enumerable.Range(0, count).Select(i =>
            "{\"fullUrl\":\"urn:uuid:" + Guid.NewGuid() + "\",\"resource\":" + SubscriptionDocuments.Encounter(0, i) + ",\"request\":{\"method\":\"POST\",\"url\":\"Encounter\"}}");
        using var content = new StringContent("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[" + string.Join(',', entries) + "]}", Encoding.UTF8, "application/fhir+json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "") { Content = content };
        request.Headers.Add("Prefer", "return=minimal");
        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"transaction returned {(int)response.StatusCode}");
        }
    }

    private Task<(string Id, long Answered)> PostAsync(string type, string json) => Http.CreateTimedAsync(type, json);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _handler.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        SqliteConnection.ClearAllPools();
        _dir.Delete(recursive: true);
    }
}
