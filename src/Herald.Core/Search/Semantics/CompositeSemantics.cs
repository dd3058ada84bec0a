using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>Composite matching: the token component and the second component on the same row.</summary>
public static class CompositeSemantics
{
    public static bool Matches(CompositeRow row, CompositeValue value) =>
        TokenSemantics.Matches(row.System1, row.Code1, value.First) && value.Second switch
        {
            TokenValue token => TokenSemantics.Matches(row.System2, row.Code2, token),
            QuantityValue quantity => row.Low2 is { } v && QuantitySemantics.Matches(v, row.System2, row.Code2, row.Unit2, quantity),
            DateValue date => row.Low2 is { } low && row.High2 is { } high && DateSemantics.Matches(low, high, date),
            StringValue text => row.String2 is not null && row.String2.StartsWith(text.Normalized, StringComparison.Ordinal),
            _ => false,
        };

    public static string Sql(CompositeValue value, SqlWriter sql)
    {
        var first = TokenSemantics.Sql("x.system1", "x.code1", value.First, sql);
        var second = value.Second switch
        {
            TokenValue token => TokenSemantics.Sql("x.system2", "x.code2", token, sql),
            QuantityValue quantity => $"x.low2 IS NOT NULL AND {QuantitySemantics.Sql("x.low2", "x.system2", "x.code2", "x.unit2", quantity, sql)}",
            DateValue date => $"x.low2 IS NOT NULL AND {DateSemantics.Sql("x.low2", "x.high2", date, sql)}",
            StringValue text => $"x.string2 IS NOT NULL AND {SqlWriter.StartsWith("x.string2", sql.Bind(text.Normalized))}",
            _ => "1 = 0",
        };
        return $"({first}) AND ({second})";
    }
}
