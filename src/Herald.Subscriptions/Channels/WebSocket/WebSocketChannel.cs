using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>
/// The websocket channel: a notification goes to every socket of this node bound to the
/// subscription. Delivery succeeds even when no socket is bound: the event stays in the event
/// log, and a client that was away reads it with $events after it binds again (ADR 0005).
/// Holding events back until a socket binds would make one absent client block its subscription
/// and keep the dispatcher retrying for nobody.
/// </summary>
public sealed partial class WebSocketChannel(WebSocketConnections connections, ILogger<WebSocketChannel> logger) : ISubscriptionChannel
{
    /// <summary>No endpoint to check: the client comes to us. Active on create.</summary>
    public bool RequiresHandshake => false;

    public void Validate(SubscriptionInfo subscription)
    {
        // Nothing to reject: channel.endpoint is ignored (the socket URL comes from $get-ws-binding-token).
    }

    public Task<DeliveryResult> SendAsync(SubscriptionInfo subscription, Notification notification, CancellationToken cancellationToken)
    {
        var sockets = connections.For(subscription.Tenant, subscription.Id);
        if (sockets.Count == 0)
        {
            LogNoSocket(logger, subscription.Id, subscription.Tenant, notification.LastEventNumber);
            return Task.FromResult(DeliveryResult.Delivered);
        }

        var frame = WebSocketFrames.Bundle(subscription, notification.Bundle);
        foreach (var socket in sockets)
        {
            // A full queue closes that socket (1013); the others are not held back by it.
            socket.TrySend(subscription.Id, frame);
        }

        return Task.FromResult(DeliveryResult.Delivered);
    }

    [LoggerMessage(EventId = 242, Level = LogLevel.Debug, Message = "Subscription/{SubscriptionId} (tenant {Tenant}) has no socket here; events through {EventNumber} stay readable with $events")]
    private static partial void LogNoSocket(ILogger logger, string subscriptionId, string tenant, long eventNumber);
}
