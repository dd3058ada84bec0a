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

/// <summary>What a notification bundle says about the subscription it is for.</summary>
public sealed record NotificationSubject(
    string SubscriptionId,
    string TopicUrl,
    string Status,
    PayloadContent Content,
    long EventsSinceSubscriptionStart,
    string FhirBaseUrl);
