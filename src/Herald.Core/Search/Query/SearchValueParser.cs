using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Indexing;

namespace Herald.Core.Search.Query;

/// <summary>Parses one search value by parameter type; a malformed value is a 400 naming the parameter.</summary>
public static class SearchValueParser
{
    private static readonly Dictionary<string, SearchPrefix> Prefixes = new(StringComparer.Ordinal)
    {
        ["eq"] = SearchPrefix.Eq,
        ["ne"] = SearchPrefix.Ne,
        ["gt"] = SearchPrefix.Gt,
        ["lt"] = SearchPrefix.Lt,
        ["ge"] = SearchPrefix.Ge,
        ["le"] = SearchPrefix.Le,
        ["sa"] = SearchPrefix.Sa,
        ["eb"] = SearchPrefix.Eb,
        ["ap"] = SearchPrefix.Ap,
    };

    public static SearchValue Parse(SearchParameterInfo parameter, SearchModifier modifier, string? typeModifier, string raw, string? baseUrl) =>
        Parse(parameter.Name, parameter.Type, parameter, modifier, typeModifier, raw, baseUrl);

    private static SearchValue Parse(
        string name, SearchParamType type, SearchParameterInfo parameter, SearchModifier modifier, string? typeModifier, string raw, string? baseUrl)
    {
        if (raw.Length == 0)
        {
            throw Bad(name, raw, "the value is empty");
        }

        return type switch
        {
            SearchParamType.String => new StringValue(TextNormalizer.Normalize(SearchValueSplitter.Unescape(raw)), SearchValueSplitter.Unescape(raw)),
            SearchParamType.Token => ParseToken(name, modifier, raw),
            SearchParamType.Reference => ParseReference(name, typeModifier, raw, baseUrl),
            SearchParamType.Date => ParseDate(name, raw),
            SearchParamType.Number => ParseNumber(name, raw),
            SearchParamType.Quantity => ParseQuantity(name, raw),
            SearchParamType.Uri => new UriValue(SearchValueSplitter.Unescape(raw)),
            SearchParamType.Composite => ParseComposite(parameter, raw, baseUrl),
            _ => throw Bad(name, raw, $"parameters of type {type} are not supported"),
        };
    }

    private static TokenValue ParseToken(string name, SearchModifier modifier, string raw)
    {
        if (modifier == SearchModifier.Text)
        {
            return new TokenValue(null, TextNormalizer.Normalize(SearchValueSplitter.Unescape(raw)), false);
        }

        var parts = SearchValueSplitter.Split(raw, '|');
        if (modifier == SearchModifier.OfType)
        {
            // system|code|value: the identifier's type coding, then its value.
            if (parts.Count != 3 || parts.Any(p => p.Length == 0))
            {
                throw Bad(name, raw, "':of-type' needs 'typeSystem|typeCode|value'");
            }

            return new TokenValue($"{SearchValueSplitter.Unescape(parts[0])}|{SearchValueSplitter.Unescape(parts[1])}", SearchValueSplitter.Unescape(parts[2]), true);
        }

        return parts.Count switch
        {
            1 => new TokenValue(null, SearchValueSplitter.Unescape(parts[0]), false),
            2 when parts[0].Length > 0 || parts[1].Length > 0 => new TokenValue(
                parts[0].Length == 0 ? null : SearchValueSplitter.Unescape(parts[0]),
                parts[1].Length == 0 ? null : SearchValueSplitter.Unescape(parts[1]),
                true),
            _ => throw Bad(name, raw, "a token is 'code', 'system|code', '|code' or 'system|'"),
        };
    }

    private static ReferenceValue ParseReference(string name, string? typeModifier, string raw, string? baseUrl)
    {
        var value = SearchValueSplitter.Unescape(raw);
        if (baseUrl is not null && value.StartsWith(baseUrl + "/", StringComparison.Ordinal))
        {
            value = value[(baseUrl.Length + 1)..];
        }

        var parts = ReferenceParts.Parse(value);
        if (parts.IsAbsolute)
        {
            return new ReferenceValue(null, null, value);
        }

        if (parts.Type is not null)
        {
            if (typeModifier is not null && typeModifier != parts.Type)
            {
                throw Bad(name, raw, $"the value names type {parts.Type} but the modifier says {typeModifier}");
            }

            return new ReferenceValue(parts.Type, parts.Id, null);
        }

        if (Fhir.ResourceIds.IsValid(value))
        {
            return new ReferenceValue(typeModifier, value, null);
        }

        throw Bad(name, raw, "a reference is 'Type/id', 'id' or an absolute URL");
    }

    private static DateValue ParseDate(string name, string raw)
    {
        var (prefix, text) = SplitPrefix(raw);
        if (!DateRanges.TryParse(text, out var low, out var high))
        {
            throw Bad(name, raw, "use a FHIR date such as 2024, 2024-05, 2024-05-31 or 2024-05-31T12:00:00Z, with an optional prefix (eq, ne, gt, lt, ge, le, sa, eb, ap)");
        }

        if (prefix == SearchPrefix.Ap)
        {
            // "Approximately": widen by 10% of the distance from now, once, so SQL and the
            // in-memory matcher compare against the same bounds.
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            low -= Math.Abs(now - low) / 10;
            high += Math.Abs(now - high) / 10;
        }

        return new DateValue(prefix, low, high);
    }

    private static NumberValue ParseNumber(string name, string raw)
    {
        var (prefix, text) = SplitPrefix(raw);
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var number))
        {
            throw Bad(name, raw, "use a number such as 100 or 5.4, with an optional prefix (eq, ne, gt, lt, ge, le, sa, eb, ap)");
        }

        // The precision written is the precision meant: "100" covers [99.5, 100.5).
        var mantissa = text.Split('e', 'E')[0];
        var decimals = mantissa.Contains('.', StringComparison.Ordinal) ? mantissa.Length - mantissa.IndexOf('.', StringComparison.Ordinal) - 1 : 0;
        var exponent = text.Contains('e', StringComparison.OrdinalIgnoreCase) ? int.Parse(text.Split('e', 'E')[1], CultureInfo.InvariantCulture) : 0;
        var half = 0.5 * Math.Pow(10, exponent - decimals);
        var value = (double)number;
        return new NumberValue(prefix, value, value - half, value + half);
    }

    private static QuantityValue ParseQuantity(string name, string raw)
    {
        var parts = SearchValueSplitter.Split(raw, '|');
        if (parts.Count is not (1 or 3))
        {
            throw Bad(name, raw, "a quantity is 'number', 'number|system|code' or 'number||code'");
        }

        var number = ParseNumber(name, parts[0]);
        return parts.Count == 1
            ? new QuantityValue(number, null, null)
            : new QuantityValue(number, parts[1].Length == 0 ? null : SearchValueSplitter.Unescape(parts[1]), parts[2].Length == 0 ? null : SearchValueSplitter.Unescape(parts[2]));
    }

    private static CompositeValue ParseComposite(SearchParameterInfo parameter, string raw, string? baseUrl)
    {
        var parts = SearchValueSplitter.Split(raw, '$');
        if (parts.Count != 2)
        {
            throw Bad(parameter.Name, raw, "a composite value is 'first$second', e.g. 'http://loinc.org|8480-6$gt100'");
        }

        var first = ParseToken(parameter.Name, SearchModifier.None, parts[0]);
        var second = Parse(parameter.Name, parameter.Components[1].Type, parameter, SearchModifier.None, null, parts[1], baseUrl);
        return new CompositeValue(first, second);
    }

    private static (SearchPrefix Prefix, string Text) SplitPrefix(string raw) =>
        raw.Length > 2 && Prefixes.TryGetValue(raw[..2], out var prefix) ? (prefix, raw[2..]) : (SearchPrefix.Eq, raw);

    private static FhirException Bad(string name, string raw, string why) =>
        FhirException.BadRequest($"Search parameter '{name}' has an invalid value '{raw}': {why}.");
}
