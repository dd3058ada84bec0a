using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>
/// Quantity matching: the number as <see cref="NumberSemantics"/>; with a system, system and code
/// must match; with only a code (<c>value||code</c>), it may match the code or the unit.
/// </summary>
public static class QuantitySemantics
{
    public static bool Matches(double value, string? system, string? code, string? unit, QuantityValue query) =>
        NumberSemantics.Matches(value, query.Number) && UnitMatches(system, code, unit, query);

    public static bool UnitMatches(string? system, string? code, string? unit, QuantityValue query) =>
        query.System is not null
            ? system == query.System && (query.Code is null || code == query.Code)
            : query.Code is null || code == query.Code || unit == query.Code;

    public static string Sql(string valueColumn, string systemColumn, string codeColumn, string unitColumn, QuantityValue query, SqlWriter sql)
    {
        var number = NumberSemantics.Sql(valueColumn, query.Number, sql);
        if (query.System is not null)
        {
            var code = query.Code is null ? "" : $" AND {codeColumn} = {sql.Bind(query.Code)}";
            return $"({number}) AND {systemColumn} = {sql.Bind(query.System)}{code}";
        }

        if (query.Code is not null)
        {
            var bound = sql.Bind(query.Code);
            return $"({number}) AND ({codeColumn} = {bound} OR {unitColumn} = {bound})";
        }

        return number;
    }
}
