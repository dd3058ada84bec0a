using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Fhir;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Herald.IntegrationTests.RestHook;

/// <summary>
/// A real HTTP receiver on Kestrel (loopback, fixed port so it can go down and come back on the
/// same URL). Records every POST with its headers and parsed bundle; answers <see cref="StatusCode"/>.
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private WebApplication? _app;

    public TestReceiver()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/hook";

    public int StatusCode { get; set; } = 200;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public sealed record Received(string ContentType, IReadOnlyDictionary<string, string> Headers, Bundle Bundle, DateTimeOffset At, bool Accepted)
    {
        public Parameters Status => (Parameters)Bundle.Entry[0].Resource;

        public string? Type => Status.Parameter.FirstOrDefault(p => p.Name == "type")?.Value?.ToString();

        public IEnumerable<long> EventNumbers => Status.Parameter.Where(p => p.Name == "notification-event")
            .Select(p => long.Parse(p.Part.Single(x => x.Name == "event-number").Value.ToString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        _app = builder.Build();
        _app.MapPost("/hook", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var contentType = http.Request.ContentType ?? "";
            var format = contentType.Contains("xml", StringComparison.Ordinal) ? FhirFormat.Xml : FhirFormat.Json;
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var status = StatusCode;
            Requests.Enqueue(new Received(contentType, headers, (Bundle)FhirSerializer.Instance.Parse(body, format), DateTimeOffset.UtcNow, status is >= 200 and < 300));
            return Results.StatusCode(status);
        });
        await _app.StartAsync();
    }

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    public IReadOnlyList<Received> OfType(string type) => Requests.Where(r => r.Type == type).ToList();

    /// <summary>Event numbers of the notifications this receiver accepted (2xx), in arrival order.</summary>
    public List<long> AcceptedEventNumbers() =>
        Requests.Where(r => r.Accepted && r.Type == "event-notification").SelectMany(r => r.EventNumbers).ToList();

    /// <summary>Polls until <paramref name="done"/> holds (the timeout only bounds a hang; it is not an assertion on speed).</summary>
    public static async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await System.Threading.Tasks.Task.Delay(25);
        }

        return true;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}
