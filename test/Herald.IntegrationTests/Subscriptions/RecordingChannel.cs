using System.Collections.Concurrent;
using Herald.Core.Errors;
using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Subscriptions;

namespace Herald.IntegrationTests.Subscriptions;

/// <summary>
/// A channel that records every notification it is given (a real implementation of the channel
/// seam, registered under the custom type <see cref="Type"/>). It can be told to fail, to test
/// that undelivered events are retried and not lost.
/// </summary>
public sealed class RecordingChannel : ISubscriptionChannel
{
    public const string Type = "test-recorder";

    private readonly ConcurrentQueue<(string SubscriptionId, Notification Notification)> _received = new();

    public bool RequiresHandshake => false;

    /// <summary>While true, every send fails (the receiver is "down").</summary>
    public bool Failing { get; set; }

    public IReadOnlyList<Notification> For(string subscriptionId) =>
        _received.Where(r => r.SubscriptionId == subscriptionId).Select(r => r.Notification).ToList();

    public void Validate(SubscriptionInfo subscription)
    {
        if (subscription.Endpoint == "reject-me")
        {
            throw FhirException.BadRequest("The test channel rejects this endpoint.");
        }
    }

    public Task<DeliveryResult> SendAsync(SubscriptionInfo subscription, Notification notification, CancellationToken cancellationToken)
    {
        if (Failing)
        {
            return Task.FromResult(new DeliveryResult(false, "test receiver is down"));
        }

        _received.Enqueue((subscription.Id, notification));
        return Task.FromResult(DeliveryResult.Delivered);
    }

    /// <summary>Waits until the subscription's notifications carry at least <paramref name="count"/> events, polling (no timing assertion: the timeout only bounds a hang).</summary>
    public async Task<IReadOnlyList<Notification>> WaitForEventsAsync(string subscriptionId, long count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var notifications = For(subscriptionId);
            var highest = notifications.Count == 0 ? 0 : notifications.Max(n => n.LastEventNumber);
            if (highest >= count || DateTime.UtcNow > deadline)
            {
                return notifications;
            }

            await Task.Delay(20);
        }
    }
}
