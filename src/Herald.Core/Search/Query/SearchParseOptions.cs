namespace Herald.Core.Search.Query;

/// <summary>How to parse a search: strictness, paging limits, and the base URL that absolute references to this server start with.</summary>
public sealed record SearchParseOptions(bool Strict, int DefaultCount, int MaxCount, string? BaseUrl);
