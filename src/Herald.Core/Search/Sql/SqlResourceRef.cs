namespace Herald.Core.Search.Sql;

/// <summary>
/// SQL expressions naming the resource a criterion applies to: the searched resource at the top,
/// a reference target inside a chain, a referring resource inside _has.
/// </summary>
public sealed record SqlResourceRef(string Tenant, string Type, string Id, string? LastUpdated);
