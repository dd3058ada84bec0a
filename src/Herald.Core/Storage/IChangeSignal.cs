namespace Herald.Core.Storage;

/// <summary>
/// Wakes whoever waits for new change_log rows (the subscriptions matcher). A hint only: the
/// consumer also polls, so a lost signal delays a notification but never loses one.
/// </summary>
public interface IChangeSignal
{
    void Notify();

    Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken);
}

/// <summary>An in-process <see cref="IChangeSignal"/>.</summary>
public sealed class ChangeSignal : IChangeSignal, IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: many writes while the consumer works coalesce into one pass.
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread released first; one pending wake-up is enough.
            }
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _semaphore.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);

    public void Dispose() => _semaphore.Dispose();
}
