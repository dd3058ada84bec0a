namespace Herald.Core.Search.Query;

public enum TotalMode
{
    Accurate,
    None,
}

public enum SummaryMode
{
    None,
    Count,
    True,
    Text,
    Data,
}

/// <summary>One <c>_sort</c> key.</summary>
public sealed record SortKey(Definitions.SearchParameterInfo Parameter, bool Descending);

/// <summary>
/// An <c>_include</c> (from matches to what they reference) or <c>_revinclude</c> (resources of
/// <see cref="SourceType"/> that reference matches). A null <see cref="Parameter"/> means <c>*</c>.
/// </summary>
public sealed record IncludeSpec(string SourceType, string? Parameter, string? TargetType, bool Iterate);

/// <summary>A parsed search: criteria (ANDed) plus result control.</summary>
public sealed class SearchQuery
{
    public required string ResourceType { get; init; }

    public List<SearchCriterion> Criteria { get; } = [];

    public List<SortKey> Sort { get; } = [];

    public int Count { get; set; }

    public int Offset { get; set; }

    public TotalMode Total { get; set; } = TotalMode.Accurate;

    public SummaryMode Summary { get; set; } = SummaryMode.None;

    public IReadOnlyList<string>? Elements { get; set; }

    public List<IncludeSpec> Includes { get; } = [];

    public List<IncludeSpec> RevIncludes { get; } = [];

    /// <summary>Parameters that were not understood and were ignored (lenient handling), with why.</summary>
    public List<string> Ignored { get; } = [];

    /// <summary>The query's parameters as applied, to build self and paging links.</summary>
    public List<KeyValuePair<string, string>> Applied { get; } = [];
}
