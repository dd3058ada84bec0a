using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Subscriptions;

namespace Herald.LoadTest;

/// <summary>
/// A channel that accepts every notification and only counts it, registered the way the
/// integration tests register their recording channel. The benchmark measures matching and the
/// event log, not a receiver.
/// </summary>
public sealed class NullChannel : ISubscriptionChannel
{
    public const string Type = "bench-null";

    private long _notifications;

    public long Notifications => Interlocked.Read(ref _notifications);

    public bool RequiresHandshake => false;

    public void Validate(SubscriptionInfo subscription)
    {
    }

    public Task<DeliveryResult> SendAsync(SubscriptionInfo subscription, Notification notification, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _notifications);
        return Task.FromResult(DeliveryResult.Delivered);
    }
}
