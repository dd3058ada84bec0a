using System.Net.WebSockets;
using System.Threading.Channels;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>
/// One client socket: the subscriptions bound to it, a bounded queue of frames and one writer
/// loop (a WebSocket allows one send at a time). Enqueueing never blocks the dispatcher; a full
/// queue closes the socket with 1013 so a slow client costs at most the queue's frames.
/// </summary>
public sealed class WebSocketConnection : IDisposable
{
    /// <summary>1013 "Try Again Later" (RFC 6455 registry); System.Net has no name for it.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    private readonly System.Net.WebSockets.WebSocket _socket;
    private readonly Channel<byte[]> _queue;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Binding> _bindings = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closing = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _clock;
    private WebSocketCloseStatus _closeStatus = WebSocketCloseStatus.NormalClosure;
    private string _closeReason = "";
    private bool _dropQueued;
    private bool _everBound;

    public WebSocketConnection(System.Net.WebSockets.WebSocket socket, string tenant, int capacity, TimeSpan closeTimeout, TimeProvider clock)
    {
        _socket = socket;
        Tenant = tenant;
        _closeTimeout = closeTimeout;
        _clock = clock;
        _queue = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public string Tenant { get; }

    public string Id { get; } = Guid.NewGuid().ToString("N")[..12];

    /// <summary>Cancelled as soon as a close is decided (stops heartbeats, ends the receive loop's interest).</summary>
    public CancellationToken Closing => _closing.Token;

    /// <summary>Cancelled when a closing socket overstayed the close timeout: pending I/O is aborted.</summary>
    public CancellationToken Abort => _abort.Token;

    public bool IsClosing => _closing.IsCancellationRequested;

    public (WebSocketCloseStatus Status, string Reason) CloseReason
    {
        get
        {
            lock (_lock)
            {
                return (_closeStatus, _closeReason);
            }
        }
    }

    public IReadOnlyList<Binding> Bindings
    {
        get
        {
            lock (_lock)
            {
                return _bindings.Values.ToList();
            }
        }
    }

    /// <summary>Binds (or re-binds) a subscription and queues its handshake before any event frame can be queued for it.</summary>
    public bool Bind(SubscriptionInfo subscription, byte[] handshake)
    {
        lock (_lock)
        {
            if (IsClosing)
            {
                return false;
            }

            _bindings[subscription.Id] = new Binding(subscription, _clock.GetUtcNow());
            _everBound = true;
            return EnqueueLocked(handshake);
        }
    }

    /// <summary>Unbinds; true when the socket is left with no subscription (after having had one).</summary>
    public bool Unbind(string subscriptionId)
    {
        lock (_lock)
        {
            return _bindings.Remove(subscriptionId) && _everBound && _bindings.Count == 0;
        }
    }

    public void Update(SubscriptionInfo subscription)
    {
        lock (_lock)
        {
            if (_bindings.TryGetValue(subscription.Id, out var binding))
            {
                binding.Subscription = subscription;
            }
        }
    }

    /// <summary>Queues a frame for a bound subscription; false when it is not bound here or the socket is closing.</summary>
    public bool TrySend(string subscriptionId, byte[] frame)
    {
        lock (_lock)
        {
            if (!_bindings.TryGetValue(subscriptionId, out var binding) || IsClosing)
            {
                return false;
            }

            binding.LastSent = _clock.GetUtcNow();
            return EnqueueLocked(frame);
        }
    }

    /// <summary>Queues a frame that belongs to no subscription (an OperationOutcome).</summary>
    public bool TrySend(byte[] frame)
    {
        lock (_lock)
        {
            return !IsClosing && EnqueueLocked(frame);
        }
    }

    /// <summary>
    /// Decides to close: frames already queued are still written (so an OperationOutcome reaches
    /// the client before its 1008), unless <paramref name="dropQueued"/>; then the close frame.
    /// The first decision wins. After the close timeout, pending I/O is aborted.
    /// </summary>
    public void Close(WebSocketCloseStatus status, string reason, bool dropQueued = false)
    {
        lock (_lock)
        {
            if (IsClosing)
            {
                return;
            }

            _closeStatus = status;
            _closeReason = Truncate(reason);
            _dropQueued = dropQueued;
            _bindings.Clear();
            _queue.Writer.TryComplete();
            _closing.Cancel();
        }

        _abort.CancelAfter(_closeTimeout);
    }

    /// <summary>Writes queued frames until the socket closes, then the close frame.</summary>
    public async Task RunWriterAsync()
    {
        try
        {
            await foreach (var frame in _queue.Reader.ReadAllAsync(_abort.Token).ConfigureAwait(false))
            {
                if (Volatile.Read(ref _dropQueued))
                {
                    break;
                }

                await _socket.SendAsync(frame, WebSocketMessageType.Text, true, _abort.Token).ConfigureAwait(false);
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                var (status, reason) = CloseReason;
                await _socket.CloseOutputAsync(status, reason, _abort.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The client went away or overstayed the close timeout: nothing more can be sent.
            Close(WebSocketCloseStatus.EndpointUnavailable, "connection lost");
            _socket.Abort();
        }
    }

    public void Dispose()
    {
        _closing.Dispose();
        _abort.Dispose();
    }

    private bool EnqueueLocked(byte[] frame)
    {
        if (_queue.Writer.TryWrite(frame))
        {
            return true;
        }

        // Called under the lock; Close takes it again (Lock is re-entrant).
        Close(
            TryAgainLater,
            $"send queue full ({_queue.Reader.Count} frames): reconnect, bind, then read missed events with $events",
            dropQueued: true);
        return false;
    }

    /// <summary>A close reason is at most 123 UTF-8 bytes.</summary>
    private static string Truncate(string reason)
    {
        while (System.Text.Encoding.UTF8.GetByteCount(reason) > 123)
        {
            reason = reason[..^1];
        }

        return reason;
    }

    /// <summary>A subscription bound to this socket; <see cref="LastSent"/> drives heartbeats.</summary>
    public sealed class Binding(SubscriptionInfo subscription, DateTimeOffset lastSent)
    {
        public SubscriptionInfo Subscription { get; set; } = subscription;

        public DateTimeOffset LastSent { get; set; } = lastSent;
    }
}
