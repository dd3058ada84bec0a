using System.Net.WebSockets;
using System.Text;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>One received message: a FHIR resource in a text frame, or the close (status and reason).</summary>
public sealed record Frame(Resource? Resource, WebSocketCloseStatus? CloseStatus, string? CloseReason)
{
    public Bundle Bundle => Assert.IsType<Bundle>(Resource);

    public NotificationType Type => Enum.Parse<NotificationType>(
        ((Parameters)Bundle.Entry[0].Resource).Parameter.Single(p => p.Name == "type").Value.ToString()!.Replace("-", "", StringComparison.Ordinal), ignoreCase: true);

    public IReadOnlyList<long> EventNumbers => ((Parameters)Bundle.Entry[0].Resource).Parameter
        .Where(p => p.Name == "notification-event")
        .Select(p => long.Parse(((FhirString)p.Part.Single(x => x.Name == "event-number").Value).Value, System.Globalization.CultureInfo.InvariantCulture))
        .ToList();

    public string SubscriptionId => ((ResourceReference)((Parameters)Bundle.Entry[0].Resource).Parameter.Single(p => p.Name == "subscription").Value).Reference.Split('/')[^1];
}

/// <summary>A real ClientWebSocket; every receive is bounded by a timeout so a missing frame fails instead of hanging.</summary>
public sealed class SocketClient : IDisposable
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);
    private readonly ClientWebSocket _socket = new();

    public WebSocketState State => _socket.State;

    public static async Task<SocketClient> ConnectAsync(string url)
    {
        var client = new SocketClient();
        await client._socket.ConnectAsync(new Uri(url), TestContext.Current.CancellationToken);
        return client;
    }

    public Task SendTextAsync(string text) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, TestContext.Current.CancellationToken);

    public Task SendBinaryAsync(byte[] bytes) =>
        _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);

    public async Task<Frame> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(Hang);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (_socket.State == WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
                }

                return new Frame(null, result.CloseStatus, result.CloseStatusDescription);
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                var text = Encoding.UTF8.GetString(message.ToArray());
                return new Frame(FhirSerializer.Instance.Parse(text, text.StartsWith('<') ? FhirFormat.Xml : FhirFormat.Json), null, null);
            }
        }
    }

    /// <summary>The next bundle, checked against every notification rule (SUB-14..SUB-26).</summary>
    public async Task<Frame> ReceiveConformantAsync(string fhirBase, string subscriptionId, NotificationType type, PayloadContent content = PayloadContent.IdOnly)
    {
        var frame = await ReceiveAsync();
        Assert.True(frame.Resource is Bundle, $"expected a {type} bundle, got {frame.Resource?.TypeName ?? $"close {frame.CloseStatus} {frame.CloseReason}"}");
        Assert.Equal(type, frame.Type);
        NotificationBundleConformance.AssertConformant(frame.Bundle, new ExpectedNotification(fhirBase, subscriptionId, type, content));
        return frame;
    }

    /// <summary>Reads until the close frame, returning what came before it.</summary>
    public async Task<(List<Frame> Before, Frame Close)> ReceiveUntilCloseAsync()
    {
        var before = new List<Frame>();
        while (true)
        {
            var frame = await ReceiveAsync();
            if (frame.CloseStatus is not null)
            {
                return (before, frame);
            }

            before.Add(frame);
        }
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", TestContext.Current.CancellationToken);
        }
    }

    public void Dispose() => _socket.Dispose();
}
