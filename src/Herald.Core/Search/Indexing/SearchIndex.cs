namespace Herald.Core.Search.Indexing;

/// <summary>All index rows of one resource version.</summary>
public sealed class SearchIndex
{
    public static SearchIndex Empty { get; } = new();

    public List<StringRow> Strings { get; } = [];

    public List<TokenRow> Tokens { get; } = [];

    public List<ReferenceRow> References { get; } = [];

    public List<DateRow> Dates { get; } = [];

    public List<NumberRow> Numbers { get; } = [];

    public List<QuantityRow> Quantities { get; } = [];

    public List<UriRow> Uris { get; } = [];

    public List<CompositeRow> Composites { get; } = [];

    public int Count => Strings.Count + Tokens.Count + References.Count + Dates.Count + Numbers.Count
        + Quantities.Count + Uris.Count + Composites.Count;
}
