namespace Herald.Core.Storage;

public enum WriteOutcome
{
    /// <summary>A new resource, or a new life of a deleted one.</summary>
    Created,
    Updated,
    Deleted,

    /// <summary>Delete of a resource that is already deleted: nothing was written.</summary>
    AlreadyDeleted,

    /// <summary>If-None-Exist matched one resource: nothing was written.</summary>
    MatchedExisting,
}

/// <summary>What one <see cref="ResourceWrite"/> did.</summary>
public sealed record WriteResult(WriteOutcome Outcome, ResourceVersion Version, long? PreviousVersionId);
