using Herald.Core.Storage;

namespace Herald.Subscriptions.Dispatch;

/// <summary>Wakes the dispatcher when events were recorded (a hint: it also polls).</summary>
public sealed class DispatchSignal : IDisposable
{
    private readonly ChangeSignal _signal = new();

    public void Notify() => _signal.Notify();

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
