using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>
/// Number comparison: eq/ne use the range the query's precision implies ([Low, High)); the
/// ordering prefixes compare with the value itself; ap is within 10% of it.
/// </summary>
public static class NumberSemantics
{
    public static bool Matches(double x, NumberValue value) => value.Prefix switch
    {
        SearchPrefix.Eq => x >= value.Low && x < value.High,
        SearchPrefix.Ne => !(x >= value.Low && x < value.High),
        SearchPrefix.Gt or SearchPrefix.Sa => x > value.Value,
        SearchPrefix.Lt or SearchPrefix.Eb => x < value.Value,
        SearchPrefix.Ge => x >= value.Value,
        SearchPrefix.Le => x <= value.Value,
        SearchPrefix.Ap => x >= value.Value - Math.Abs(value.Value) * 0.1 && x <= value.Value + Math.Abs(value.Value) * 0.1,
        _ => false,
    };

    public static string Sql(string column, NumberValue value, SqlWriter sql) => value.Prefix switch
    {
        SearchPrefix.Eq => $"{column} >= {sql.Bind(value.Low)} AND {column} < {sql.Bind(value.High)}",
        SearchPrefix.Ne => $"NOT ({column} >= {sql.Bind(value.Low)} AND {column} < {sql.Bind(value.High)})",
        SearchPrefix.Gt or SearchPrefix.Sa => $"{column} > {sql.Bind(value.Value)}",
        SearchPrefix.Lt or SearchPrefix.Eb => $"{column} < {sql.Bind(value.Value)}",
        SearchPrefix.Ge => $"{column} >= {sql.Bind(value.Value)}",
        SearchPrefix.Le => $"{column} <= {sql.Bind(value.Value)}",
        _ => $"{column} >= {sql.Bind(value.Value - Math.Abs(value.Value) * 0.1)} AND {column} <= {sql.Bind(value.Value + Math.Abs(value.Value) * 0.1)}",
    };
}
