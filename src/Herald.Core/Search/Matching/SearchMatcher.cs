using Hl7.Fhir.Model;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Search.Semantics;

namespace Herald.Core.Search.Matching;

/// <summary>
/// "Does this resource match this query?" without a database: the resource's index rows come from
/// the same <see cref="SearchIndexer"/> as the SQL index, and each value is compared by the same
/// Semantics class that renders the SQL. Chains and _has need other resources and are not
/// supported here (<see cref="Supports"/> tells).
/// </summary>
public sealed class SearchMatcher(SearchIndexer indexer)
{
    public static bool Supports(SearchCriterion criterion) => criterion is ValueCriterion or MissingCriterion;

    public bool Matches(IEnumerable<SearchCriterion> criteria, Resource resource, DateTimeOffset lastUpdated)
    {
        var index = indexer.Extract(resource);
        return criteria.All(c => Matches(c, resource.Id ?? "", lastUpdated.ToUnixTimeMilliseconds(), index));
    }

    public static bool Matches(SearchCriterion criterion, string id, long lastUpdated, SearchIndex index) => criterion switch
    {
        ValueCriterion { Parameter.Name: SearchParameterRegistry.Id } v =>
            v.Values.OfType<TokenValue>().Any(t => t.Code == id) != (v.Modifier == SearchModifier.Not),
        ValueCriterion { Parameter.Name: SearchParameterRegistry.LastUpdated } v =>
            v.Values.OfType<DateValue>().Any(d => DateSemantics.Matches(lastUpdated, lastUpdated, d)),
        MissingCriterion { Parameter.Name: SearchParameterRegistry.Id or SearchParameterRegistry.LastUpdated } m => !m.Missing,
        MissingCriterion m => RowsOf(index, m.Parameter.Type, m.Parameter.Name).Any() != m.Missing,
        ValueCriterion v => ValueMatches(v, index),
        _ => throw new NotSupportedException(
            $"{criterion.GetType().Name} needs other resources and cannot be evaluated in memory."),
    };

    private static bool ValueMatches(ValueCriterion criterion, SearchIndex index)
    {
        var parameter = criterion.Parameter;
        var param = criterion.Modifier == SearchModifier.OfType ? parameter.Name + TokenValues.OfTypeSuffix : parameter.Name;
        var rows = RowsOf(index, parameter.Type, param);
        var any = rows.Any(row => criterion.Values.Any(value => RowMatches(row, value, criterion.Modifier)));
        return criterion.Modifier == SearchModifier.Not ? !any : any;
    }

    private static bool RowMatches(object row, SearchValue value, SearchModifier modifier) => (row, value) switch
    {
        (StringRow r, StringValue v) => StringSemantics.Matches(r, v, modifier),
        (TokenRow r, TokenValue v) => TokenSemantics.Matches(r, v, modifier),
        (ReferenceRow r, ReferenceValue v) => ReferenceSemantics.Matches(r, v),
        (DateRow r, DateValue v) => DateSemantics.Matches(r.Low, r.High, v),
        (NumberRow r, NumberValue v) => NumberSemantics.Matches(r.Value, v),
        (QuantityRow r, QuantityValue v) => QuantitySemantics.Matches(r.Value, r.System, r.Code, r.Unit, v),
        (UriRow r, UriValue v) => UriSemantics.Matches(r, v, modifier),
        (CompositeRow r, CompositeValue v) => CompositeSemantics.Matches(r, v),
        _ => false,
    };

    private static IEnumerable<object> RowsOf(SearchIndex index, SearchParamType type, string param) => type switch
    {
        SearchParamType.String => index.Strings.Where(r => r.Param == param),
        SearchParamType.Token => index.Tokens.Where(r => r.Param == param),
        SearchParamType.Reference => index.References.Where(r => r.Param == param),
        SearchParamType.Date => index.Dates.Where(r => r.Param == param),
        SearchParamType.Number => index.Numbers.Where(r => r.Param == param),
        SearchParamType.Quantity => index.Quantities.Where(r => r.Param == param),
        SearchParamType.Uri => index.Uris.Where(r => r.Param == param),
        SearchParamType.Composite => index.Composites.Where(r => r.Param == param),
        _ => [],
    };
}
