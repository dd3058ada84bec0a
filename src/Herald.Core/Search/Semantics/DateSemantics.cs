using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>
/// Date comparison of a stored range [low, high] with a query range [qLow, qHigh], per the FHIR
/// prefixes: eq = contained, gt/lt = extends after/before, ge/le = overlaps or after/before,
/// sa/eb = wholly after/before, ap = overlaps the query range widened by 10% of its distance from now
/// (widened by the parser, so both sides use the same bounds).
/// </summary>
public static class DateSemantics
{
    public static bool Matches(double low, double high, DateValue value) => value.Prefix switch
    {
        SearchPrefix.Eq => low >= value.Low && high <= value.High,
        SearchPrefix.Ne => !(low >= value.Low && high <= value.High),
        SearchPrefix.Gt => high > value.High,
        SearchPrefix.Lt => low < value.Low,
        SearchPrefix.Ge => high >= value.Low,
        SearchPrefix.Le => low <= value.High,
        SearchPrefix.Sa => low > value.High,
        SearchPrefix.Eb => high < value.Low,
        SearchPrefix.Ap => low <= value.High && high >= value.Low,
        _ => false,
    };

    public static string Sql(string lowColumn, string highColumn, DateValue value, SqlWriter sql)
    {
        string Low() => sql.Bind(value.Low);
        string High() => sql.Bind(value.High);
        return value.Prefix switch
        {
            SearchPrefix.Eq => $"{lowColumn} >= {Low()} AND {highColumn} <= {High()}",
            SearchPrefix.Ne => $"NOT ({lowColumn} >= {Low()} AND {highColumn} <= {High()})",
            SearchPrefix.Gt => $"{highColumn} > {High()}",
            SearchPrefix.Lt => $"{lowColumn} < {Low()}",
            SearchPrefix.Ge => $"{highColumn} >= {Low()}",
            SearchPrefix.Le => $"{lowColumn} <= {High()}",
            SearchPrefix.Sa => $"{lowColumn} > {High()}",
            SearchPrefix.Eb => $"{highColumn} < {Low()}",
            _ => $"{lowColumn} <= {High()} AND {highColumn} >= {Low()}",
        };
    }
}
