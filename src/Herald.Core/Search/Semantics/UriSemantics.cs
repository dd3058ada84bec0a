using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>Uri matching: exact; :below = the stored uri starts with the value; :above = the value starts with the stored uri.</summary>
public static class UriSemantics
{
    public static bool Matches(UriRow row, UriValue value, SearchModifier modifier) => modifier switch
    {
        SearchModifier.Below => row.Value.StartsWith(value.Value, StringComparison.Ordinal),
        SearchModifier.Above => value.Value.StartsWith(row.Value, StringComparison.Ordinal),
        _ => row.Value == value.Value,
    };

    public static string Sql(UriValue value, SearchModifier modifier, SqlWriter sql) => modifier switch
    {
        SearchModifier.Below => SqlWriter.StartsWith("x.value", sql.Bind(value.Value)),
        SearchModifier.Above => SqlWriter.StartsWith(sql.Bind(value.Value), "x.value"),
        _ => $"x.value = {sql.Bind(value.Value)}",
    };
}
