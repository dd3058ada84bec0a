namespace Herald.Core.Storage;

/// <summary>
/// One committed write, appended in the same transaction as the resource version. The
/// subscriptions engine consumes these in <see cref="Sequence"/> order.
/// </summary>
public sealed record ChangeLogEntry(
    long Sequence,
    string Tenant,
    string Type,
    string Id,
    long VersionId,
    Interaction Interaction,
    long? PreviousVersionId,
    DateTimeOffset CommittedAt);
