using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Herald.LoadTest;

/// <summary>
/// A minimal rest-hook receiver on real Kestrel (loopback): timestamps each POST as it arrives
/// (<see cref="Stopwatch"/> ticks, the same clock the bench's clients use), notes the focus
/// fullUrls of event-notification bundles and answers 200. Parsing uses System.Text.Json only,
/// so the receiver adds as little as possible to the latency it measures.
/// </summary>
public sealed class BenchReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _bundles;
    private long _events;
    private long _handshakes;
    private long _lastAt;

    private BenchReceiver(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}/hook";
    }

    public string Url { get; }

    /// <summary>"Encounter/{id}" (the last two segments of the focus fullUrl) -> Stopwatch ticks at arrival.</summary>
    public ConcurrentDictionary<string, long> Received { get; } = new(StringComparer.Ordinal);

    public long Bundles => Interlocked.Read(ref _bundles);

    public long Events => Interlocked.Read(ref _events);

    public long Handshakes => Interlocked.Read(ref _handshakes);

    /// <summary>Stopwatch ticks at arrival of the latest event-notification.</summary>
    public long LastAt => Interlocked.Read(ref _lastAt);

    public static async Task<BenchReceiver> StartAsync()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var receiver = new BenchReceiver(builder.Build(), port);
        receiver._app.MapPost("/hook", receiver.HandleAsync);
        await receiver._app.StartAsync().ConfigureAwait(false);
        return receiver;
    }

    /// <summary>Forgets what was received (between phases on one host).</summary>
    public void Reset()
    {
        Received.Clear();
        Interlocked.Exchange(ref _bundles, 0);
        Interlocked.Exchange(ref _events, 0);
    }

    private async Task HandleAsync(HttpContext http)
    {
        var at = Stopwatch.GetTimestamp();
        using var document = await JsonDocument.ParseAsync(http.Request.Body).ConfigureAwait(false);
        var entries = document.RootElement.GetProperty("entry");
        var type = "";
        var events = 0;
        foreach (var parameter in entries[0].GetProperty("resource").GetProperty("parameter").EnumerateArray())
        {
            var name = parameter.GetProperty("name").GetString();
            if (name == "type")
            {
                type = parameter.GetProperty("valueCode").GetString() ?? "";
            }
            else if (name == "notification-event")
            {
                events++;
            }
        }

        if (type == "handshake")
        {
            Interlocked.Increment(ref _handshakes);
        }
        else if (type == "event-notification")
        {
            for (var i = 1; i < entries.GetArrayLength(); i++)
            {
                var parts = (entries[i].GetProperty("fullUrl").GetString() ?? "").Split('/');
                if (parts.Length >= 2)
                {
                    Received.TryAdd(parts[^2] + "/" + parts[^1], at);
                }
            }

            Interlocked.Increment(ref _bundles);
            Interlocked.Add(ref _events, events);
            Interlocked.Exchange(ref _lastAt, at);
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
