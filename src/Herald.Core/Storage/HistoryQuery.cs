namespace Herald.Core.Storage;

/// <summary>
/// A history page request. Pages go newest first; <see cref="BeforeSequence"/> is the cursor
/// of the next page, so writes that land while a client pages do not shift what it sees.
/// </summary>
public sealed record HistoryQuery(
    string Tenant,
    string? Type,
    string? Id,
    DateTimeOffset? Since,
    int Count,
    long? BeforeSequence);
