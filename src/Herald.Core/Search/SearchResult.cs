using Herald.Core.Storage;

namespace Herald.Core.Search;

/// <summary>One page of search results, the total when asked for, and included resources.</summary>
public sealed record SearchResult(
    IReadOnlyList<ResourceVersion> Matches,
    long? Total,
    bool HasMore,
    IReadOnlyList<ResourceVersion> Included);
