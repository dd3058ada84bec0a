namespace Herald.Core.Storage;

/// <summary>
/// A token search clause: the resource matches when any of <see cref="Values"/> matches
/// (comma = OR). Several conditions in one query are ANDed.
/// </summary>
public sealed record TokenCondition(string Parameter, IReadOnlyList<TokenValue> Values);

/// <summary>
/// One token value as written in a query: <c>code</c> (any system), <c>system|code</c>,
/// <c>|code</c> (no system), <c>system|</c> (any code in the system).
/// </summary>
public sealed record TokenValue(string? System, string? Code, bool SystemGiven);
