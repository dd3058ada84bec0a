namespace Herald.Core.Storage;

/// <summary>One token search value of the current version of a resource (e.g. an identifier).</summary>
public sealed record TokenIndexEntry(string Parameter, string? System, string? Code);
