using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>String matching, in memory and in SQL side by side: starts-with by default, :exact, :contains.</summary>
public static class StringSemantics
{
    public static bool Matches(StringRow row, StringValue value, SearchModifier modifier) => modifier switch
    {
        SearchModifier.Exact => row.Exact == value.Raw,
        SearchModifier.Contains => row.Normalized.Contains(value.Normalized, StringComparison.Ordinal),
        _ => row.Normalized.StartsWith(value.Normalized, StringComparison.Ordinal),
    };

    public static string Sql(StringValue value, SearchModifier modifier, SqlWriter sql) => modifier switch
    {
        SearchModifier.Exact => $"x.exact = {sql.Bind(value.Raw)}",
        SearchModifier.Contains => sql.Dialect.Contains("x.norm", sql.Bind(value.Normalized)),
        _ => SqlWriter.StartsWith("x.norm", sql.Bind(value.Normalized)),
    };
}
