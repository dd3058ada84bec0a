namespace Herald.Core.Storage;

/// <summary>Reads history at instance, type and system level.</summary>
public interface IHistoryStore
{
    /// <summary>Up to <c>query.Count + 1</c> versions, newest first (the extra one tells that a next page exists).</summary>
    Task<IReadOnlyList<ResourceVersion>> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken);
}
