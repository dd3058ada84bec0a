using Herald.Core.Storage;
using Herald.Subscriptions.Dispatch;
using Herald.Subscriptions.Events;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Herald.Subscriptions.Matching;

/// <summary>
/// The matcher loop: reads change_log after its stored watermark in commit order and records the
/// events of each batch together with the new watermark in one transaction. If anything fails,
/// the watermark stays and the batch is matched again: nothing is lost, nothing numbered twice.
/// </summary>
public sealed partial class SubscriptionMatcherService(
    IChangeLogReader changeLog,
    SubscriptionEventStore events,
    SubscriptionStateLoader state,
    ChangeMatcher matcher,
    IChangeSignal changes,
    DispatchSignal dispatch,
    ILogger<SubscriptionMatcherService> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once state is loaded and the loop runs (tests wait for it).</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long? watermark = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (watermark is null)
                {
                    // Rebuild topics and subscriptions from the database, then resume where the stored watermark says.
                    await state.LoadAllAsync(stoppingToken).ConfigureAwait(false);
                    watermark = await events.GetWatermarkAsync(stoppingToken).ConfigureAwait(false);
                    _ready.TrySetResult();
                }

                var entries = await changeLog.ReadAfterAsync(watermark.Value, BatchSize, stoppingToken).ConfigureAwait(false);
                if (entries.Count == 0)
                {
                    await changes.WaitAsync(IdlePoll, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                var pending = await matcher.MatchAsync(entries, stoppingToken).ConfigureAwait(false);
                var recorded = await events.RecordAsync(pending, watermark.Value, entries[^1].Sequence, stoppingToken).ConfigureAwait(false);
                watermark = entries[^1].Sequence;
                if (recorded.Count > 0)
                {
                    dispatch.Notify();
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (WatermarkMovedException)
            {
                // Another process matched this batch; continue from where it got to.
                watermark = await events.GetWatermarkAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogMatchFailed(logger, e, watermark ?? -1);
                await Task.Delay(IdlePoll, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(EventId = 210, Level = LogLevel.Error, Message = "Matching change_log after sequence {Watermark} failed; retrying")]
    private static partial void LogMatchFailed(ILogger logger, Exception exception, long watermark);
}
