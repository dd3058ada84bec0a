using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Search.Definitions;

namespace Herald.Core.Search.Query;

/// <summary>
/// Parses search parameters into a <see cref="SearchQuery"/>. Unknown parameters are ignored and
/// reported (FHIR's lenient default) unless <c>strict</c>, where they are a 400, as are malformed
/// values and unknown modifiers in both modes.
/// </summary>
public sealed partial class SearchQueryParser(SearchParameterRegistry registry)
{
    /// <summary>Parameters that control formatting, not results; kept in links, otherwise ignored.</summary>
    private static readonly HashSet<string> FormattingParameters = ["_format", "_pretty"];

    public SearchQuery Parse(string type, IEnumerable<KeyValuePair<string, string>> parameters, SearchParseOptions options)
    {
        var query = new SearchQuery { ResourceType = type, Count = options.DefaultCount };
        foreach (var (key, value) in parameters)
        {
            if (FormattingParameters.Contains(key))
            {
                continue;
            }

            if (TryResultParameter(query, key, value, options))
            {
                query.Applied.Add(new(key, value));
                continue;
            }

            var criterion = ParseCriterion(type, key, value, options, out var ignoredBecause);
            if (criterion is null)
            {
                if (options.Strict)
                {
                    throw FhirException.BadRequest($"Search parameter '{key}' is not supported: {ignoredBecause}");
                }

                query.Ignored.Add($"Search parameter '{key}' was ignored: {ignoredBecause}");
                continue;
            }

            query.Criteria.Add(criterion);
            query.Applied.Add(new(key, value));
        }

        return query;
    }

    /// <summary>Parses one <c>name[:modifier]=value</c> (with chains and _has); null with a reason when unknown.</summary>
    public SearchCriterion? ParseCriterion(string type, string key, string value, SearchParseOptions options, out string reason)
    {
        reason = "";
        if (key.StartsWith("_has:", StringComparison.Ordinal))
        {
            return ParseHas(type, key, value, options, out reason);
        }

        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            return ParseChain(type, key, dot, value, options, out reason);
        }

        var (name, modifierText) = SplitModifier(key);
        var parameter = registry.Find(type, name);
        if (parameter is null)
        {
            reason = $"{type} has no search parameter '{name}'.";
            return null;
        }

        if (modifierText == "missing")
        {
            return value switch
            {
                "true" => new MissingCriterion(parameter, true),
                "false" => new MissingCriterion(parameter, false),
                _ => throw FhirException.BadRequest($"'{key}' takes true or false, not '{value}'."),
            };
        }

        var (modifier, typeModifier) = ParseModifier(parameter, modifierText, key);
        var values = SearchValueSplitter.Split(value, ',')
            .Select(v => SearchValueParser.Parse(parameter, modifier, typeModifier, v, options.BaseUrl))
            .ToList();
        if (name == SearchParameterRegistry.Id && values.Any(v => v is not TokenValue { SystemGiven: false, Code: { } id } || !ResourceIds.IsValid(id)))
        {
            throw FhirException.BadRequest($"'_id' takes plain resource ids, not '{value}'.");
        }

        return new ValueCriterion(parameter, modifier, values);
    }

    private SearchCriterion? ParseChain(string type, string key, int dot, string value, SearchParseOptions options, out string reason)
    {
        var (name, modifierText) = SplitModifier(key[..dot]);
        var parameter = registry.Find(type, name);
        if (parameter is null || parameter.Type != SearchParamType.Reference)
        {
            reason = $"'{name}' is not a reference parameter of {type}, so it cannot be chained.";
            return null;
        }

        var target = modifierText ?? (parameter.Targets.Count == 1 ? parameter.Targets[0] : null)
            ?? throw FhirException.BadRequest(
                $"'{name}' can refer to {string.Join(", ", parameter.Targets)}; name the type to chain through, e.g. '{name}:{parameter.Targets.FirstOrDefault() ?? "Patient"}.{key[(dot + 1)..]}'.");
        if (!ResourceTypes.IsKnown(target) || (parameter.Targets.Count > 0 && !parameter.Targets.Contains(target) && !parameter.Targets.Contains("Resource")))
        {
            throw FhirException.BadRequest($"'{name}' cannot refer to '{target}'.");
        }

        var inner = ParseCriterion(target, key[(dot + 1)..], value, options, out reason);
        return inner is null ? null : new ChainCriterion(parameter, target, inner);
    }

    private SearchCriterion? ParseHas(string type, string key, string value, SearchParseOptions options, out string reason)
    {
        // _has:SourceType:referenceParam:innerParam
        var parts = key.Split(':', 4);
        if (parts.Length < 4 || !ResourceTypes.IsKnown(parts[1]))
        {
            throw FhirException.BadRequest($"'{key}' is not a valid _has parameter; use _has:Type:reference:parameter, e.g. _has:Observation:patient:code.");
        }

        var reference = registry.Find(parts[1], parts[2]);
        if (reference is null || reference.Type != SearchParamType.Reference)
        {
            throw FhirException.BadRequest($"'{parts[2]}' is not a reference parameter of {parts[1]}.");
        }

        var inner = ParseCriterion(parts[1], parts[3], value, options, out reason);
        return inner is null ? null : new HasCriterion(parts[1], reference, inner);
    }

    private static (string Name, string? Modifier) SplitModifier(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (key, null) : (key[..colon], key[(colon + 1)..]);
    }

    private static (SearchModifier Modifier, string? TypeModifier) ParseModifier(SearchParameterInfo parameter, string? text, string key)
    {
        if (text is null)
        {
            return (SearchModifier.None, null);
        }

        var modifier = (parameter.Type, text) switch
        {
            (SearchParamType.String, "exact") => SearchModifier.Exact,
            (SearchParamType.String, "contains") => SearchModifier.Contains,
            (SearchParamType.Token, "text") => SearchModifier.Text,
            (SearchParamType.Token, "not") => SearchModifier.Not,
            (SearchParamType.Token, "of-type") when parameter.Name == "identifier" => SearchModifier.OfType,
            (SearchParamType.Uri, "above") => SearchModifier.Above,
            (SearchParamType.Uri, "below") => SearchModifier.Below,
            (SearchParamType.Reference, _) when ResourceTypes.IsKnown(text) => SearchModifier.None,
            _ => throw FhirException.BadRequest($"Modifier ':{text}' is not supported on '{parameter.Name}' ({parameter.Type.ToString().ToLowerInvariant()}) in '{key}'."),
        };
        return (modifier, parameter.Type == SearchParamType.Reference ? text : null);
    }

    private static int ParseInt(string key, string value, int min)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < min)
        {
            throw FhirException.BadRequest($"'{key}' must be an integer of at least {min}, not '{value}'.");
        }

        return n;
    }
}
