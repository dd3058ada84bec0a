using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Herald.LoadTest.Scenarios;

/// <summary>The raw Kestrel baseline: POST /fhir/Encounter reads the body and answers 201 with a Location.</summary>
public sealed class RawPostServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _next;

    private RawPostServer(WebApplication app, int port)
    {
        _app = app;
        Root = $"http://127.0.0.1:{port}/fhir/";
    }

    public string Root { get; }

    public static async Task<RawPostServer> StartAsync()
    {
        var port = WebSocketBenchHost.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var server = new RawPostServer(builder.Build(), port);
        server._app.MapPost("/fhir/{type}", async (HttpContext context, string type) =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null).ConfigureAwait(false);
            var id = Interlocked.Increment(ref server._next).ToString(CultureInfo.InvariantCulture);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = $"{server.Root}{type}/{id}/_history/1";
        });
        await server._app.StartAsync().ConfigureAwait(false);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
