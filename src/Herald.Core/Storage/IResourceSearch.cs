using Herald.Core.Search;
using Herald.Core.Search.Query;

namespace Herald.Core.Storage;

/// <summary>Searches current (not deleted) resources.</summary>
public interface IResourceSearch
{
    /// <summary>One page of a search, with total and includes as the query asks.</summary>
    Task<SearchResult> SearchAsync(string tenant, SearchQuery query, CancellationToken cancellationToken);

    /// <summary>Current resources of <paramref name="type"/> meeting all <paramref name="criteria"/>, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<ResourceVersion>> FindAsync(
        string tenant,
        string type,
        IReadOnlyList<SearchCriterion> criteria,
        int limit,
        CancellationToken cancellationToken);
}
