using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;

namespace Herald.Core.Storage;

/// <summary>
/// One write for <see cref="IResourceStore.CommitAsync"/>. Preconditions are checked inside
/// the store's transaction so that they hold at commit time, not just at read time.
/// </summary>
public sealed class ResourceWrite
{
    public required ResourceKey Key { get; init; }

    /// <summary>Create, Update (becomes a create when the resource is absent or deleted) or Delete.</summary>
    public required Interaction Interaction { get; init; }

    /// <summary>When set, the current version must equal this (If-Match), else 412.</summary>
    public long? IfMatchVersion { get; init; }

    /// <summary>
    /// Conditional create (If-None-Exist): when the conditions match one current resource of
    /// the type, nothing is written and that resource is returned; more than one is a 412.
    /// </summary>
    public IReadOnlyList<SearchCriterion>? IfNoneExist { get; init; }

    /// <summary>
    /// With <see cref="IfNoneExist"/>: a match fails the write (412) instead of returning the
    /// match. A transaction that checked "no match" before committing has already pointed other
    /// entries' references at the new id, so a match appearing meanwhile must not be silently reused.
    /// </summary>
    public bool RequireNoMatch { get; init; }

    /// <summary>
    /// Produces the JSON to store once the store has chosen the version id and lastUpdated.
    /// Null for deletes.
    /// </summary>
    public Func<long, DateTimeOffset, string>? Render { get; init; }

    /// <summary>The search values of the new version; replaces the previous ones.</summary>
    public SearchIndex Index { get; init; } = SearchIndex.Empty;
}
