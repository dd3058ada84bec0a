namespace Herald.Core.Storage;

/// <summary>Reads and writes resource versions.</summary>
public interface IResourceStore
{
    /// <summary>The latest version (possibly a delete), or null when the resource never existed.</summary>
    Task<ResourceVersion?> ReadAsync(ResourceKey key, CancellationToken cancellationToken);

    /// <summary>One specific version, or null.</summary>
    Task<ResourceVersion?> ReadVersionAsync(ResourceKey key, long versionId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits all writes in ONE database transaction: each gets its version row, its index
    /// rows and its change_log row, or none of them do.
    /// </summary>
    Task<IReadOnlyList<WriteResult>> CommitAsync(IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken);
}
