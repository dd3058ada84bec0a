using System.Collections.Concurrent;
using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Matching;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Herald.Subscriptions.Dispatch;

/// <summary>
/// Hands recorded events to channels, per subscription in event-number order, at most maxCount
/// per bundle. Progress (delivered_through) is stored only after the channel accepted a bundle, so
/// a crash re-sends rather than skips: delivery is at-least-once.
/// </summary>
public sealed partial class SubscriptionDispatcherService(
    SubscriptionEventStore events,
    SubscriptionRegistry registry,
    ChannelTypes channels,
    NotificationFactory notifications,
    DispatchSignal signal,
    TimeProvider clock,
    ILogger<SubscriptionDispatcherService> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(string, string), (int Failures, DateTimeOffset NextAttempt)> _backoff = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await DispatchPendingAsync(stoppingToken).ConfigureAwait(false);
                if (!delivered)
                {
                    await signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogDispatchFailed(logger, e);
                await Task.Delay(Poll, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One pass over subscriptions with undelivered events; true when anything was delivered.</summary>
    private async Task<bool> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var any = false;
        foreach (var state in await events.ListUndeliveredAsync(cancellationToken).ConfigureAwait(false))
        {
            var subscription = registry.Get(state.Tenant, state.SubscriptionId);
            if (subscription is not { Status: SubscriptionStatusCode.Active or SubscriptionStatusCode.Error }
                || !channels.IsSupported(subscription.ChannelType)
                || (_backoff.TryGetValue((state.Tenant, state.SubscriptionId), out var wait) && wait.NextAttempt > clock.GetUtcNow()))
            {
                continue;
            }

            var batch = await events.ReadEventsAsync(state.Tenant, state.SubscriptionId, state.DeliveredThrough + 1, state.EventsCount, subscription.MaxCount, cancellationToken).ConfigureAwait(false);
            if (batch.Count == 0)
            {
                continue;
            }

            // The highest event number in the bundle is its events-since-subscription-start (SUB-16).
            var notification = await notifications.EventsAsync(subscription, NotificationType.EventNotification, batch, batch[^1].EventNumber, cancellationToken).ConfigureAwait(false);
            var result = await channels.Get(subscription.ChannelType).SendAsync(subscription, notification, cancellationToken).ConfigureAwait(false);
            if (result.Success)
            {
                await events.MarkDeliveredAsync(state.Tenant, state.SubscriptionId, batch[^1].EventNumber, cancellationToken).ConfigureAwait(false);
                _backoff.TryRemove((state.Tenant, state.SubscriptionId), out _);
                any = true;
            }
            else
            {
                var failures = (wait.Failures) + 1;
                var delay = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures - 1)));
                _backoff[(state.Tenant, state.SubscriptionId)] = (failures, clock.GetUtcNow() + (result.RetryAfter ?? delay));
                LogDeliveryFailed(logger, state.SubscriptionId, state.Tenant, failures, result.Error ?? "unknown error");
            }
        }

        return any;
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Error, Message = "Dispatching subscription events failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 221, Level = LogLevel.Warning, Message = "Delivery to Subscription/{SubscriptionId} (tenant {Tenant}) failed, attempt {Failures}: {Error}")]
    private static partial void LogDeliveryFailed(ILogger logger, string subscriptionId, string tenant, int failures, string error);
}
