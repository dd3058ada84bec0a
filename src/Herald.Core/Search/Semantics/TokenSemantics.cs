using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>
/// Token matching: <c>code</c> (any system), <c>system|code</c>, <c>|code</c> (no system),
/// <c>system|</c> (any code); :text compares normalized display text by prefix. Codes are case-sensitive.
/// </summary>
public static class TokenSemantics
{
    public static bool Matches(TokenRow row, TokenValue value, SearchModifier modifier)
    {
        if (modifier == SearchModifier.Text)
        {
            return row.Text is not null && row.Text.StartsWith(value.Code!, StringComparison.Ordinal);
        }

        return Matches(row.System, row.Code, value);
    }

    public static bool Matches(string? system, string? code, TokenValue value) =>
        (value.Code is null || code == value.Code) && (!value.SystemGiven || system == value.System);

    public static string Sql(TokenValue value, SearchModifier modifier, SqlWriter sql) =>
        modifier == SearchModifier.Text
            ? $"x.text IS NOT NULL AND {SqlWriter.StartsWith("x.text", sql.Bind(value.Code))}"
            : Sql("x.system", "x.code", value, sql);

    public static string Sql(string systemColumn, string codeColumn, TokenValue value, SqlWriter sql)
    {
        var parts = new List<string>();
        if (value.Code is not null)
        {
            parts.Add($"{codeColumn} = {sql.Bind(value.Code)}");
        }

        if (value.SystemGiven)
        {
            parts.Add(value.System is null ? $"{systemColumn} IS NULL" : $"{systemColumn} = {sql.Bind(value.System)}");
        }

        return parts.Count == 0 ? "1 = 1" : string.Join(" AND ", parts);
    }
}
