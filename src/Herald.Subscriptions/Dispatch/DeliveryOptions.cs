namespace Herald.Subscriptions.Dispatch;

/// <summary>Delivery and retry settings, bound from the <c>Herald</c> configuration section.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Herald";

    /// <summary>First retry delay after a failed delivery; doubles per failure, with jitter.</summary>
    public double RetryInitialSeconds { get; set; } = 1;

    /// <summary>Longest delay between two attempts.</summary>
    public double RetryMaxSeconds { get; set; } = 300;

    /// <summary>How long Herald keeps retrying a subscription whose deliveries fail before turning it <c>off</c> (default 24 h).</summary>
    public double RetryMaxAgeHours { get; set; } = 24;

    /// <summary>Consecutive failed attempts after which the status becomes <c>error</c> (delivery keeps probing).</summary>
    public int ErrorAfterFailures { get; set; } = 3;

    /// <summary>Handshake attempts (with backoff) before a new rest-hook subscription becomes <c>error</c>.</summary>
    public int HandshakeAttempts { get; set; } = 3;

    /// <summary>Request timeout of a delivery when the subscription sets no <c>backport-timeout</c>.</summary>
    public int DefaultTimeoutSeconds { get; set; } = 10;

    /// <summary>Subscriptions delivered concurrently (each one still strictly in order).</summary>
    public int MaxParallelDeliveries { get; set; } = 32;

    /// <summary>Accept rest-hook endpoints that resolve to loopback, private or link-local addresses (off by default: SSRF guard).</summary>
    public bool AllowPrivateEndpoints { get; set; }

    /// <summary>Allow <c>full-resource</c> payloads to plain-http endpoints (off by default: PHI would travel unencrypted).</summary>
    public bool AllowFullResourceOverHttp { get; set; }

    public TimeSpan Backoff(int failures, double jitter)
    {
        var seconds = Math.Min(RetryMaxSeconds, RetryInitialSeconds * Math.Pow(2, Math.Max(0, failures - 1)));

        // Up to +/-20% jitter so many subscriptions failing together do not retry in lockstep.
        return TimeSpan.FromSeconds(seconds * (0.8 + (0.4 * jitter)));
    }
}
