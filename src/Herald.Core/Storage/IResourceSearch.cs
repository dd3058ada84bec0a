namespace Herald.Core.Storage;

/// <summary>Finds current (not deleted) resources of one type.</summary>
public interface IResourceSearch
{
    /// <summary>Current resources matching all <paramref name="conditions"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ResourceVersion>> FindAsync(
        string tenant,
        string type,
        IReadOnlyList<TokenCondition> conditions,
        int limit,
        CancellationToken cancellationToken);
}
