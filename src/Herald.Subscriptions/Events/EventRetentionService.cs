using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Subscriptions.Events;

/// <summary>
/// Applies the event retention (default: 7 days, and never fewer than the newest 1,000 events
/// per subscription, and never an undelivered event) once an hour.
/// </summary>
public sealed partial class EventRetentionService(
    SubscriptionEventStore events, IOptions<SubscriptionOptions> options, TimeProvider clock, ILogger<EventRetentionService> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
                var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.RetainEventsDays);
                var deleted = await events.PruneAsync(cutoff, options.Value.RetainEventsMinimum, stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    LogPruned(logger, deleted);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LogPruneFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 250, Level = LogLevel.Information, Message = "Event retention removed {Count} old subscription events")]
    private static partial void LogPruned(ILogger logger, int count);

    [LoggerMessage(EventId = 251, Level = LogLevel.Error, Message = "Event retention failed; it runs again in an hour")]
    private static partial void LogPruneFailed(ILogger logger, Exception exception);
}
