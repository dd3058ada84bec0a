namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>WebSocket channel settings, bound from the <c>Herald</c> configuration section.</summary>
public sealed class WebSocketChannelOptions
{
    public const string Section = "Herald";

    /// <summary>
    /// Frames a socket may have waiting to be written. A client that lets more pile up is closed
    /// with 1013 instead of making the server buffer without bound (DESIGN decision 5).
    /// </summary>
    public int WebSocketSendQueue { get; set; } = 256;

    /// <summary>How long a binding token from $get-ws-binding-token can be used (seconds).</summary>
    public int WebSocketTokenLifetimeSeconds { get; set; } = 30;

    /// <summary>
    /// How long a closing socket may take to flush its last frame and the close handshake before
    /// it is aborted (a client that stopped reading would otherwise hold the socket forever).
    /// </summary>
    public int WebSocketCloseTimeoutSeconds { get; set; } = 10;

    /// <summary>Largest message a client may send (bind messages are small).</summary>
    public int WebSocketMaxMessageBytes { get; set; } = 4096;
}
