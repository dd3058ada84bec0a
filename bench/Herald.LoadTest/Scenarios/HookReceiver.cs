using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace Herald.LoadTest.Scenarios;

/// <summary>A rest-hook receiver on Kestrel: records the event numbers of every notification and whether it answered 2xx.</summary>
public sealed class HookReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public HookReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public volatile int StatusCode = 200;

    public ConcurrentQueue<(long Number, bool Accepted)> Events { get; } = new();

    public int Handshakes;

    public List<long> Accepted() => Events.Where(e => e.Accepted).Select(e => e.Number).ToList();

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var bundle = (Bundle)FhirSerializer.Instance.Parse(await reader.ReadToEndAsync(), FhirFormat.Json);
            var status = (Parameters)bundle.Entry[0].Resource!;
            var code = StatusCode;
            var type = status.Parameter.FirstOrDefault(p => p.Name == "type")?.Value?.ToString();
            if (type == "handshake")
            {
                Interlocked.Increment(ref Handshakes);
            }

            foreach (var e in status.Parameter.Where(p => p.Name == "notification-event"))
            {
                Events.Enqueue((long.Parse(e.Part.Single(x => x.Name == "event-number").Value!.ToString()!, CultureInfo.InvariantCulture), code is >= 200 and < 300));
            }

            return Results.StatusCode(code);
        });
        await _app.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
