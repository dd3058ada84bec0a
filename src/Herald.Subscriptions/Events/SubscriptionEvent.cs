using Herald.Core.Storage;

namespace Herald.Subscriptions.Events;

/// <summary>An event the matcher found, before it has a number.</summary>
public sealed record PendingEvent(
    string Tenant,
    string SubscriptionId,
    long Sequence,
    string Type,
    string Id,
    long VersionId,
    Interaction Interaction,
    DateTimeOffset OccurredAt);

/// <summary>A recorded event: <see cref="EventNumber"/> is gapless and monotonic per subscription.</summary>
public sealed record SubscriptionEvent(
    string Tenant,
    string SubscriptionId,
    long EventNumber,
    long Sequence,
    string Type,
    string Id,
    long VersionId,
    Interaction Interaction,
    DateTimeOffset OccurredAt);

/// <summary>
/// How far a subscription's events go: <see cref="EventsCount"/> numbered, <see cref="DeliveredThrough"/>
/// delivered; and its delivery failures so far (durable, so a restart keeps the retry schedule).
/// </summary>
public sealed record SubscriptionState(
    string Tenant,
    string SubscriptionId,
    long EventsCount,
    long DeliveredThrough,
    int Failures = 0,
    DateTimeOffset? FirstFailure = null,
    DateTimeOffset? NextAttempt = null);
