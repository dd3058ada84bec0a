using System.Diagnostics.Metrics;

namespace Herald.Subscriptions.Dispatch;

/// <summary>Delivery counters and latency as System.Diagnostics.Metrics instruments (meter "Herald.Subscriptions").</summary>
public sealed class DeliveryMetrics : IDisposable
{
    public const string MeterName = "Herald.Subscriptions";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _duration;

    public DeliveryMetrics()
    {
        _attempts = _meter.CreateCounter<long>("herald.subscription.deliveries", description: "Notification send attempts, by channel, type and outcome.");
        _duration = _meter.CreateHistogram<double>("herald.subscription.delivery.duration", "ms", "Time a channel took to accept or refuse a notification.");
    }

    public void Record(string channel, string type, bool success, TimeSpan elapsed)
    {
        var tags = new KeyValuePair<string, object?>[] { new("channel", channel), new("type", type), new("outcome", success ? "success" : "failure") };
        _attempts.Add(1, tags);
        _duration.Record(elapsed.TotalMilliseconds, tags);
    }

    public void Dispose() => _meter.Dispose();
}
