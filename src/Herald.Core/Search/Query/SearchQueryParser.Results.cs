using Herald.Core.Errors;
using Herald.Core.Fhir;

namespace Herald.Core.Search.Query;

public sealed partial class SearchQueryParser
{
    /// <summary>Handles _count, _offset, _sort, _total, _summary, _elements, _include, _revinclude.</summary>
    private bool TryResultParameter(SearchQuery query, string key, string value, SearchParseOptions options)
    {
        switch (key)
        {
            case "_count":
                query.Count = Math.Min(ParseInt(key, value, 0), options.MaxCount);
                return true;
            case "_offset":
                query.Offset = ParseInt(key, value, 0);
                return true;
            case "_sort":
                foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var descending = part.StartsWith('-');
                    var name = descending ? part[1..] : part;
                    var parameter = registry.Find(query.ResourceType, name)
                        ?? throw FhirException.BadRequest($"Cannot sort by '{name}': {query.ResourceType} has no such search parameter.");
                    if (parameter.Type == Hl7.Fhir.Model.SearchParamType.Composite)
                    {
                        throw FhirException.BadRequest($"Cannot sort by composite parameter '{name}'.");
                    }

                    query.Sort.Add(new SortKey(parameter, descending));
                }

                return true;
            case "_total":
                query.Total = value switch
                {
                    "accurate" or "estimate" => TotalMode.Accurate,
                    "none" => TotalMode.None,
                    _ => throw FhirException.BadRequest($"_total must be none, estimate or accurate, not '{value}'."),
                };
                return true;
            case "_summary":
                query.Summary = value switch
                {
                    "count" => SummaryMode.Count,
                    "true" => SummaryMode.True,
                    "text" => SummaryMode.Text,
                    "data" => SummaryMode.Data,
                    "false" => SummaryMode.None,
                    _ => throw FhirException.BadRequest($"_summary must be true, false, text, data or count, not '{value}'."),
                };
                return true;
            case "_elements":
                query.Elements = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return true;
            case "_include" or "_include:iterate" or "_include:recurse":
                query.Includes.Add(ParseInclude(key, value, key != "_include"));
                return true;
            case "_revinclude" or "_revinclude:iterate" or "_revinclude:recurse":
                query.RevIncludes.Add(ParseInclude(key, value, key != "_revinclude"));
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>Source:param[:Target]</c> or <c>*</c>.</summary>
    private IncludeSpec ParseInclude(string key, string value, bool iterate)
    {
        if (value == "*")
        {
            return new IncludeSpec("*", null, null, iterate);
        }

        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || !ResourceTypes.IsKnown(parts[0]))
        {
            throw FhirException.BadRequest($"{key} '{value}' is not valid; use SourceType:parameter[:TargetType], e.g. Observation:subject.");
        }

        if (parts[1] != "*")
        {
            var parameter = registry.Find(parts[0], parts[1]);
            if (parameter is null || parameter.Type != Hl7.Fhir.Model.SearchParamType.Reference)
            {
                throw FhirException.BadRequest($"{key} '{value}': '{parts[1]}' is not a reference parameter of {parts[0]}.");
            }
        }

        if (parts.Length == 3 && !ResourceTypes.IsKnown(parts[2]))
        {
            throw FhirException.BadRequest($"{key} '{value}': '{parts[2]}' is not a resource type.");
        }

        return new IncludeSpec(parts[0], parts[1] == "*" ? null : parts[1], parts.Length == 3 ? parts[2] : null, iterate);
    }
}
