namespace Herald.Core.Search.Sql;

/// <summary>
/// The resource a criterion applies to: <see cref="Tenant"/> and <see cref="Type"/> are bound
/// parameters (so index subqueries stay uncorrelated); <see cref="Id"/> is the column holding its
/// id (the searched resource at the top, a reference target in a chain, a referrer in _has).
/// </summary>
public sealed record SqlResourceRef(string Tenant, string Type, string Id, string? LastUpdated);
