using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;

namespace Herald.TestSupport;

/// <summary>
/// What a test expects a notification (or one <c>$status</c> entry) to be about. The four
/// positional values are always checked; the optional ones only when set, so a test that does
/// not know the exact count or topic can still check every structural rule.
/// </summary>
public sealed record ExpectedNotification(
    string FhirBaseUrl,
    string SubscriptionId,
    NotificationType Type,
    PayloadContent Content)
{
    /// <summary>The topic canonical; checked for content levels other than empty.</summary>
    public string? TopicUrl { get; init; }

    /// <summary>The subscription status code (e.g. requested for a handshake).</summary>
    public string? Status { get; init; }

    /// <summary>The expected events-since-subscription-start.</summary>
    public long? EventsSinceSubscriptionStart { get; init; }

    /// <summary>The expected event numbers, in bundle order.</summary>
    public IReadOnlyList<long>? EventNumbers { get; init; }
}

/// <summary>One notification-event as the checker read it, for the entry-level rules.</summary>
public sealed record CheckedEvent(long? Number, string? Focus, IReadOnlyList<string> AdditionalContext);
