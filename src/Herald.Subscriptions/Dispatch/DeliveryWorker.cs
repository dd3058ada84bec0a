using System.Collections.Concurrent;
using System.Diagnostics;
using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Subscriptions.Dispatch;

/// <summary>
/// One piece of channel work for one subscription: a handshake, a bundle of events, or a
/// heartbeat, with the status rules around it (requested -> active, error after repeated
/// failures, back to active when deliveries succeed again, off past the retry window).
/// </summary>
public sealed partial class DeliveryWorker(
    SubscriptionEventStore events,
    ChannelTypes channels,
    NotificationFactory notifications,
    SubscriptionStatusWriter status,
    DeliveryMetrics metrics,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<DeliveryWorker> logger)
{
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _lastSent = new();
    private readonly ConcurrentDictionary<(string, string), (int Attempts, DateTimeOffset Next)> _handshakes = new();

    public bool HandshakeDue(SubscriptionInfo subscription, DateTimeOffset now) =>
        !_handshakes.TryGetValue((subscription.Tenant, subscription.Id), out var h) || h.Next <= now;

    /// <summary>A heartbeat is due when the channel has been idle for the subscription's heartbeat period (never without one).</summary>
    public bool HeartbeatDue(SubscriptionInfo subscription, DateTimeOffset now) =>
        subscription.HeartbeatPeriodSeconds is { } period
        && _lastSent.GetOrAdd((subscription.Tenant, subscription.Id), now) + TimeSpan.FromSeconds(period) <= now;

    public async Task HandshakeAsync(SubscriptionInfo subscription, CancellationToken cancellationToken)
    {
        var key = (subscription.Tenant, subscription.Id);
        var state = await events.GetStateAsync(subscription.Tenant, subscription.Id, cancellationToken).ConfigureAwait(false);
        var notification = notifications.WithoutEvents(subscription, NotificationType.Handshake, state.EventsCount, SubscriptionStatusCode.Requested);
        var result = await SendAsync(subscription, notification, cancellationToken).ConfigureAwait(false);
        if (result.Success)
        {
            _handshakes.TryRemove(key, out _);
            await status.SetAsync(subscription, SubscriptionStatusCode.Active, null, cancellationToken).ConfigureAwait(false);
            return;
        }

        var attempts = (_handshakes.TryGetValue(key, out var h) ? h.Attempts : 0) + 1;
        LogHandshakeFailed(logger, subscription.Id, attempts, result.Error ?? "");
        if (attempts >= options.Value.HandshakeAttempts)
        {
            _handshakes.TryRemove(key, out _);
            await status.SetAsync(subscription, SubscriptionStatusCode.Error, $"Handshake failed after {attempts} attempts: {result.Error}", cancellationToken).ConfigureAwait(false);
            return;
        }

        _handshakes[key] = (attempts, clock.GetUtcNow() + options.Value.Backoff(attempts, Random.Shared.NextDouble()));
    }

    public async Task HeartbeatAsync(SubscriptionInfo subscription, CancellationToken cancellationToken)
    {
        var state = await events.GetStateAsync(subscription.Tenant, subscription.Id, cancellationToken).ConfigureAwait(false);
        var result = await SendAsync(subscription, notifications.WithoutEvents(subscription, NotificationType.Heartbeat, state.EventsCount), cancellationToken).ConfigureAwait(false);
        if (!result.Success)
        {
            // Heartbeats are not retried: the next idle period sends another one.
            _lastSent[(subscription.Tenant, subscription.Id)] = clock.GetUtcNow();
        }
    }

    public async Task DeliverAsync(SubscriptionInfo subscription, SubscriptionState state, CancellationToken cancellationToken)
    {
        var batch = await events.ReadEventsAsync(state.Tenant, state.SubscriptionId, state.DeliveredThrough + 1, state.EventsCount, subscription.MaxCount, cancellationToken).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return;
        }

        // The highest event number in the bundle is its events-since-subscription-start (SUB-16).
        var notification = await notifications.EventsAsync(subscription, NotificationType.EventNotification, batch, batch[^1].EventNumber, cancellationToken).ConfigureAwait(false);
        var result = await SendAsync(subscription, notification, cancellationToken).ConfigureAwait(false);
        if (result.Success)
        {
            await events.MarkDeliveredAsync(state.Tenant, state.SubscriptionId, batch[^1].EventNumber, cancellationToken).ConfigureAwait(false);
            if (state.Failures > 0)
            {
                await events.RecordSuccessAsync(state.Tenant, state.SubscriptionId, cancellationToken).ConfigureAwait(false);
            }

            if (subscription.Status == SubscriptionStatusCode.Error)
            {
                await status.SetAsync(subscription, SubscriptionStatusCode.Active, null, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var now = clock.GetUtcNow();
        var delay = options.Value.Backoff(state.Failures + 1, Random.Shared.NextDouble());
        if (result.RetryAfter is { } hint && hint > delay)
        {
            delay = TimeSpan.FromSeconds(Math.Min(hint.TotalSeconds, options.Value.RetryMaxSeconds));
        }

        var failed = await events.RecordFailureAsync(state.Tenant, state.SubscriptionId, now, now + delay, cancellationToken).ConfigureAwait(false);
        LogDeliveryFailed(logger, subscription.Id, subscription.Tenant, failed.Failures, batch[0].EventNumber, batch[^1].EventNumber, result.Error ?? "", delay.TotalSeconds);
        if (failed.FirstFailure is { } first && now - first > TimeSpan.FromHours(options.Value.RetryMaxAgeHours))
        {
            await status.SetAsync(subscription, SubscriptionStatusCode.Off,
                $"Deliveries failed for more than {options.Value.RetryMaxAgeHours} h (last: {result.Error}); events remain readable through $events.", cancellationToken).ConfigureAwait(false);
        }
        else if (failed.Failures >= options.Value.ErrorAfterFailures && subscription.Status != SubscriptionStatusCode.Error)
        {
            await status.SetAsync(subscription, SubscriptionStatusCode.Error, $"{failed.Failures} consecutive deliveries failed; last: {result.Error}", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<DeliveryResult> SendAsync(SubscriptionInfo subscription, Notification notification, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await channels.Get(subscription.ChannelType).SendAsync(subscription, notification, cancellationToken).ConfigureAwait(false);
        metrics.Record(subscription.ChannelType, notification.Type.ToCode(), result.Success, Stopwatch.GetElapsedTime(started));
        LogAttempt(logger, subscription.Id, notification.Type.ToCode(), notification.FirstEventNumber, notification.LastEventNumber, result.Success);
        if (result.Success)
        {
            _lastSent[(subscription.Tenant, subscription.Id)] = clock.GetUtcNow();
        }

        return result;
    }

    [LoggerMessage(EventId = 240, Level = LogLevel.Debug, Message = "Subscription/{SubscriptionId}: {Type} events {First}-{Last} sent, success={Success}")]
    private static partial void LogAttempt(ILogger logger, string subscriptionId, string type, long first, long last, bool success);

    [LoggerMessage(EventId = 241, Level = LogLevel.Warning, Message = "Subscription/{SubscriptionId} (tenant {Tenant}): delivery of events {First}-{Last} failed ({Failures} in a row): {Error}; next attempt in {DelaySeconds:F1} s")]
    private static partial void LogDeliveryFailed(ILogger logger, string subscriptionId, string tenant, int failures, long first, long last, string error, double delaySeconds);

    [LoggerMessage(EventId = 242, Level = LogLevel.Warning, Message = "Subscription/{SubscriptionId}: handshake attempt {Attempt} failed: {Error}")]
    private static partial void LogHandshakeFailed(ILogger logger, string subscriptionId, int attempt, string error);
}
