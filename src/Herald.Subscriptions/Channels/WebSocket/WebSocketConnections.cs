using System.Net.WebSockets;
using Herald.Subscriptions.Matching;
using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.Logging;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>
/// The sockets of this node and the subscriptions bound to them: (tenant, subscription id) to
/// sockets, many subscriptions per socket and several sockets per subscription. Follows the
/// subscription registry, so a subscription deleted or turned off stops its frames at once.
/// </summary>
public sealed partial class WebSocketConnections
{
    private readonly Lock _lock = new();
    private readonly HashSet<WebSocketConnection> _all = [];
    private readonly Dictionary<(string Tenant, string Id), HashSet<WebSocketConnection>> _bySubscription = [];
    private readonly SubscriptionRegistry _registry;
    private readonly ILogger<WebSocketConnections> _logger;

    public WebSocketConnections(SubscriptionRegistry registry, ILogger<WebSocketConnections> logger)
    {
        _registry = registry;
        _logger = logger;
        registry.Changed += OnSubscriptionChanged;
    }

    public void Add(WebSocketConnection connection)
    {
        lock (_lock)
        {
            _all.Add(connection);
        }
    }

    /// <summary>Forgets a socket that ended (its bindings with it).</summary>
    public void Remove(WebSocketConnection connection)
    {
        lock (_lock)
        {
            _all.Remove(connection);
            foreach (var (key, set) in _bySubscription.ToList())
            {
                if (set.Remove(connection) && set.Count == 0)
                {
                    _bySubscription.Remove(key);
                }
            }
        }
    }

    /// <summary>Binds a subscription to a socket; its handshake is queued before any event can be.</summary>
    public bool Bind(WebSocketConnection connection, SubscriptionInfo subscription, byte[] handshake)
    {
        if (!connection.Bind(subscription, handshake))
        {
            return false;
        }

        lock (_lock)
        {
            var key = (subscription.Tenant, subscription.Id);
            if (!_bySubscription.TryGetValue(key, out var set))
            {
                _bySubscription[key] = set = [];
            }

            set.Add(connection);
        }

        LogBound(_logger, subscription.Id, subscription.Tenant, connection.Id);
        return true;
    }

    /// <summary>The open sockets a subscription is bound to on this node.</summary>
    public IReadOnlyList<WebSocketConnection> For(string tenant, string subscriptionId)
    {
        lock (_lock)
        {
            return _bySubscription.TryGetValue((tenant, subscriptionId), out var set)
                ? set.Where(c => !c.IsClosing).ToList()
                : [];
        }
    }

    /// <summary>Every socket of this node (for a graceful shutdown).</summary>
    public IReadOnlyList<WebSocketConnection> All()
    {
        lock (_lock)
        {
            return _all.ToList();
        }
    }

    private void OnSubscriptionChanged(string tenant, string id)
    {
        var connections = For(tenant, id);
        if (connections.Count == 0)
        {
            return;
        }

        var current = _registry.Get(tenant, id);
        if (current is { Status: SubscriptionStatusCode.Active or SubscriptionStatusCode.Error })
        {
            foreach (var connection in connections)
            {
                connection.Update(current);
            }

            return;
        }

        lock (_lock)
        {
            _bySubscription.Remove((tenant, id));
        }

        var why = current is null ? "was deleted" : $"is now '{current.Status}'";
        var notice = WebSocketFrames.Outcome(Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Information,
            Hl7.Fhir.Model.OperationOutcome.IssueType.Informational, $"Subscription/{id} {why}: its notifications on this socket stop.");
        foreach (var connection in connections)
        {
            connection.TrySend(id, notice);
            if (connection.Unbind(id))
            {
                connection.Close(WebSocketCloseStatus.NormalClosure, $"no subscription left: Subscription/{id} {why}");
            }
        }

        LogUnbound(_logger, id, tenant, connections.Count, why);
    }

    [LoggerMessage(EventId = 240, Level = LogLevel.Debug, Message = "Subscription/{SubscriptionId} (tenant {Tenant}) bound to socket {Connection}")]
    private static partial void LogBound(ILogger logger, string subscriptionId, string tenant, string connection);

    [LoggerMessage(EventId = 241, Level = LogLevel.Information, Message = "Subscription/{SubscriptionId} (tenant {Tenant}) {Why}: unbound from {Count} socket(s)")]
    private static partial void LogUnbound(ILogger logger, string subscriptionId, string tenant, int count, string why);
}
