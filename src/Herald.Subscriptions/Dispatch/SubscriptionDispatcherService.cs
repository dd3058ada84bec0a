using System.Collections.Concurrent;
using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Matching;
using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Subscriptions.Dispatch;

/// <summary>
/// Drives every channel from stored state: handshakes for new subscriptions, event deliveries in
/// event-number order (at most maxCount per bundle), heartbeats on idle channels, end times.
/// Subscriptions run in parallel, each strictly one notification at a time so order holds.
/// Progress and the retry schedule are stored, so a restart resumes and skips nothing.
/// </summary>
public sealed partial class SubscriptionDispatcherService(
    SubscriptionEventStore events,
    SubscriptionRegistry registry,
    ChannelTypes channels,
    DeliveryWorker worker,
    SubscriptionStatusWriter status,
    DispatchSignal signal,
    IOptions<DeliveryOptions> options,
    TimeProvider clock,
    ILogger<SubscriptionDispatcherService> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<(string, string), byte> _inFlight = new();
    private SemaphoreSlim? _parallel;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _parallel = new SemaphoreSlim(Math.Max(1, options.Value.MaxParallelDeliveries));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScheduleAsync(stoppingToken).ConfigureAwait(false);
                await signal.WaitAsync(Poll, stoppingToken).ConfigureAwait(false);
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

    private async Task ScheduleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var subscription in registry.All())
        {
            if (subscription.End is { } end && end <= now && subscription.Status != SubscriptionStatusCode.Off)
            {
                Run(subscription, ct => status.SetAsync(subscription, SubscriptionStatusCode.Off, "The subscription reached its end time.", ct), cancellationToken);
            }
            else if (channels.IsSupported(subscription.ChannelType))
            {
                if (subscription.Status == SubscriptionStatusCode.Requested && worker.HandshakeDue(subscription, now))
                {
                    Run(subscription, ct => worker.HandshakeAsync(subscription, ct), cancellationToken);
                }
                else if (subscription.Status == SubscriptionStatusCode.Active && worker.HeartbeatDue(subscription, now))
                {
                    Run(subscription, ct => worker.HeartbeatAsync(subscription, ct), cancellationToken);
                }
            }
        }

        foreach (var state in await events.ListDueAsync(now, cancellationToken).ConfigureAwait(false))
        {
            if (registry.Get(state.Tenant, state.SubscriptionId) is { Status: SubscriptionStatusCode.Active or SubscriptionStatusCode.Error } subscription
                && channels.IsSupported(subscription.ChannelType))
            {
                Run(subscription, ct => worker.DeliverAsync(subscription, state, ct), cancellationToken);
            }
        }
    }

    /// <summary>Starts <paramref name="work"/> unless something is already running for this subscription.</summary>
    private void Run(SubscriptionInfo subscription, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var key = (subscription.Tenant, subscription.Id);
        if (!_inFlight.TryAdd(key, 0))
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            await _parallel!.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await work(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogWorkFailed(logger, e, subscription.Id);
            }
            finally
            {
                _parallel.Release();
                _inFlight.TryRemove(key, out _);
                signal.Notify();
            }
        }, cancellationToken);
    }

    public override void Dispose()
    {
        _parallel?.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 220, Level = LogLevel.Error, Message = "Scheduling subscription work failed; retrying")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 222, Level = LogLevel.Error, Message = "Work for Subscription/{SubscriptionId} failed; it will be retried")]
    private static partial void LogWorkFailed(ILogger logger, Exception exception, string subscriptionId);
}
