using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Herald.LoadTest;

/// <summary>
/// The baseline: a bare Kestrel WebSocket endpoint in this process. /send?n=N writes the payload N
/// times in a loop (one text message each); /idle accepts and waits for the close.
/// </summary>
public sealed class RawWebSocketServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RawWebSocketServer(WebApplication app, int port)
    {
        _app = app;
        Root = $"ws://127.0.0.1:{port}";
    }

    public string Root { get; }

    public byte[] Payload { get; set; } = [];

    public static async Task<RawWebSocketServer> StartAsync()
    {
        var port = WebSocketBenchHost.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new RawWebSocketServer(app, port);
        app.UseWebSockets();
        app.Map("/send", async (HttpContext http) =>
        {
            var n = int.Parse(http.Request.Query["n"]!, System.Globalization.CultureInfo.InvariantCulture);
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            for (var i = 0; i < n; i++)
            {
                await socket.SendAsync(server.Payload, WebSocketMessageType.Text, true, CancellationToken.None);
            }

            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        });
        app.Map("/idle", async (HttpContext http) =>
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            try
            {
                await socket.ReceiveAsync(new byte[16], CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The bench aborts idle sockets instead of closing a thousand of them politely.
            }
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
