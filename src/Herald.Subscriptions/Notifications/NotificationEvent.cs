using Herald.Core.Storage;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Notifications;

/// <summary>
/// One event to put in a notification: its number, when it happened, the focus version that
/// triggered it (<see cref="Focus"/>; its Json is null for a delete) and, for full-resource
/// payloads, the notificationShape include / revInclude resources.
/// </summary>
public sealed record NotificationEvent(
    long EventNumber,
    DateTimeOffset Timestamp,
    ResourceVersion Focus,
    IReadOnlyList<ResourceVersion> AdditionalContext);

/// <summary>
/// What a notification bundle says about the subscription it is for. For a handshake, heartbeat
/// or query, <see cref="EventsSinceSubscriptionStart"/> is the current count as stored: the
/// builders never increment it (SUB-14, SUB-15, SUB-17, SUB-18).
/// </summary>
public sealed record NotificationSubject(
    string SubscriptionId,
    string TopicUrl,
    string Status,
    PayloadContent Content,
    long EventsSinceSubscriptionStart,
    string FhirBaseUrl)
{
    /// <summary>Error texts of a subscription in <c>error</c> (SUB-11), written as <c>error</c> parameters.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
