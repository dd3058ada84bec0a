namespace Herald.Core.Search.Sql;

/// <summary>A SQL statement with its bound parameters.</summary>
public sealed record SqlText(string Sql, IReadOnlyList<KeyValuePair<string, object?>> Parameters);

/// <summary>Runs search SQL on one backend. Rows come back as <c>VersionColumns</c>.</summary>
public interface ISqlQueryRunner
{
    Task<IReadOnlyList<Storage.ResourceVersion>> VersionsAsync(SqlText query, CancellationToken cancellationToken);

    Task<long> CountAsync(SqlText query, CancellationToken cancellationToken);
}
