using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Herald.LoadTest.Scenarios;

/// <summary>Binds ClientWebSockets to Herald subscriptions (optionally with a small SO_RCVBUF) and reads event numbers from frames.</summary>
public static class SocketClient
{
    /// <summary>Gets a binding token for <paramref name="ids"/>, connects (receive buffer <paramref name="receiveBuffer"/> bytes if given), binds, reads the handshake.</summary>
    public static async Task<ClientWebSocket> BindAsync(HttpClient http, int? receiveBuffer, params string[] ids)
    {
        using var response = await http.GetAsync("Subscription/$get-ws-binding-token?" + string.Join('&', ids.Select(id => "id=" + id))).ConfigureAwait(false);
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
        if (receiveBuffer is { } size)
        {
            using var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, ct) =>
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = size };
                    await s.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
                    return new NetworkStream(s, ownsSocket: true);
                },
            };
            using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
            await socket.ConnectAsync(new Uri(url!), invoker, CancellationToken.None).ConfigureAwait(false);
        }
        else
        {
            await socket.ConnectAsync(new Uri(url!), CancellationToken.None).ConfigureAwait(false);
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes("bind-with-token " + token), WebSocketMessageType.Text, true, CancellationToken.None).ConfigureAwait(false);
        var handshake = await WebSocketBenchHost.ReceiveAsync(socket, new byte[16 * 1024]).ConfigureAwait(false);
        if (!Encoding.UTF8.GetString(handshake).Contains("handshake", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("expected a handshake, got: " + Encoding.UTF8.GetString(handshake));
        }

        return socket;
    }

    /// <summary>Event numbers in a notification frame (R4 backport Parameters "event-number" parts, or R5-style eventNumber).</summary>
    public static List<long> EventNumbers(byte[] frame)
    {
        var numbers = new List<long>();
        using var doc = JsonDocument.Parse(frame);
        Walk(doc.RootElement, numbers);
        return numbers;
    }

    private static void Walk(JsonElement e, List<long> numbers)
    {
        if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in e.EnumerateArray())
            {
                Walk(x, numbers);
            }
        }
        else if (e.ValueKind == JsonValueKind.Object)
        {
            if (e.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String && n.GetString() == "event-number")
            {
                var v = e.EnumerateObject().First(x => x.Name.StartsWith("value", StringComparison.Ordinal)).Value;
                numbers.Add(v.ValueKind == JsonValueKind.Number ? v.GetInt64() : long.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                return;
            }

            foreach (var p in e.EnumerateObject())
            {
                if (p.Name == "eventNumber")
                {
                    numbers.Add(p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetInt64() : long.Parse(p.Value.GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    Walk(p.Value, numbers);
                }
            }
        }
    }
}
