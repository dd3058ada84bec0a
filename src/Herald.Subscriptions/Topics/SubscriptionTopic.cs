using Herald.Core.Storage;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// A topic, read from an R4 <c>Basic</c> carrying the R5 SubscriptionTopic cross-version
/// extensions (version-independent: an R5 adapter would produce the same model).
/// </summary>
public sealed record SubscriptionTopic(
    string Url,
    string? Title,
    string Status,
    string? Description,
    IReadOnlyList<ResourceTrigger> Triggers,
    IReadOnlyList<FilterDefinition> CanFilterBy,
    IReadOnlyList<NotificationShape> Shapes);

/// <summary>
/// One <c>resourceTrigger</c>: several are ORed. <see cref="Interactions"/> holds the
/// <c>supportedInteraction</c> values (all three when absent in the topic).
/// </summary>
public sealed record ResourceTrigger(
    string Resource,
    IReadOnlySet<Interaction> Interactions,
    QueryCriteria? Query,
    string? FhirPathCriteria);

/// <summary>
/// <c>queryCriteria</c>: search-syntax tests on the previous and current versions.
/// <see cref="ResultForCreate"/> / <see cref="ResultForDelete"/> are what the missing side of a
/// create / delete counts as (<c>test-passes</c> = true, <c>test-fails</c> = false).
/// </summary>
public sealed record QueryCriteria(
    string? Previous,
    string? Current,
    bool? ResultForCreate,
    bool? ResultForDelete,
    bool RequireBoth);

/// <summary>One <c>canFilterBy</c>: a filter parameter a subscription may use, and the comparators and modifiers allowed.</summary>
public sealed record FilterDefinition(
    string? Resource,
    string Parameter,
    IReadOnlyList<string> Comparators,
    IReadOnlyList<string> Modifiers,
    string? Description);

/// <summary>One <c>notificationShape</c>: what to include with a focus of <see cref="Resource"/> in full-resource notifications.</summary>
public sealed record NotificationShape(
    string Resource,
    IReadOnlyList<string> Include,
    IReadOnlyList<string> RevInclude);
