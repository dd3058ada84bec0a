using Herald.Core.Errors;
using Herald.Core.Storage;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Core.Search;

/// <summary>
/// Parses the query of a conditional interaction (<c>If-None-Exist</c>). Unlike a plain search,
/// an unknown parameter here is an error: ignoring it would widen the condition and could
/// create a duplicate or touch the wrong resource.
/// </summary>
public static class ConditionalQueryParser
{
    public static IReadOnlyList<TokenCondition> Parse(string type, string query)
    {
        var text = query.Trim();
        if (text.StartsWith(type + "?", StringComparison.Ordinal))
        {
            text = text[(type.Length + 1)..];
        }

        text = text.TrimStart('?');
        var parsed = QueryHelpers.ParseQuery(text);
        if (parsed.Count == 0)
        {
            throw FhirException.BadRequest("The conditional query is empty; give at least one search parameter, e.g. 'identifier=system|value'.");
        }

        var conditions = new List<TokenCondition>();
        foreach (var (name, values) in parsed)
        {
            if (name != "_id" && !TokenIndexer.IsIndexed(name))
            {
                throw FhirException.BadRequest(
                    $"The conditional query parameter '{name}' is not supported; conditional interactions support '_id' and 'identifier'.");
            }

            foreach (var value in values)
            {
                conditions.Add(new TokenCondition(name, ParseTokens(name, value ?? "")));
            }
        }

        return conditions;
    }

    private static List<TokenValue> ParseTokens(string name, string value)
    {
        var tokens = new List<TokenValue>();
        foreach (var alternative in SearchValueSplitter.Split(value, ','))
        {
            if (alternative.Length == 0)
            {
                throw FhirException.BadRequest($"The value of search parameter '{name}' is empty.");
            }

            var parts = SearchValueSplitter.Split(alternative, '|');
            var token = parts.Count switch
            {
                1 => new TokenValue(null, SearchValueSplitter.Unescape(parts[0]), SystemGiven: false),
                2 => new TokenValue(
                    parts[0].Length == 0 ? null : SearchValueSplitter.Unescape(parts[0]),
                    parts[1].Length == 0 ? null : SearchValueSplitter.Unescape(parts[1]),
                    SystemGiven: true),
                _ => throw FhirException.BadRequest($"The value '{alternative}' of search parameter '{name}' has more than one unescaped '|'."),
            };
            if (name == "_id" && (token.SystemGiven || token.Code is null))
            {
                throw FhirException.BadRequest($"The value '{alternative}' of '_id' must be a plain resource id.");
            }

            tokens.Add(token);
        }

        return tokens;
    }
}
