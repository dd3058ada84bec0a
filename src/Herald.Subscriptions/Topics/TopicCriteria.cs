using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Matching;
using Herald.Core.Search.Query;
using Hl7.Fhir.FhirPath;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// Turns a trigger's criteria text into something evaluable. Shared by <see cref="TopicParser"/>
/// (which rejects what fails here) and <see cref="TopicTriggerEvaluator"/> (which caches the result),
/// so a topic that was accepted is always one the evaluator can run.
/// </summary>
public static class TopicCriteria
{
    // Paging values are irrelevant to a criteria-only query; the parser just needs some.
    private static readonly SearchParseOptions Strict = new(Strict: true, DefaultCount: 1, MaxCount: 1, BaseUrl: null);
    private static readonly SearchQueryParser Parser = new(SearchParameterRegistry.Instance);

    // resolve(), memberOf() and the FHIR-specific functions live in the FHIR extensions.
    private static readonly FhirPathCompiler Compiler = new(new SymbolTable().AddStandardFP().AddFhirExtensions());

    /// <summary>
    /// Parses <c>queryCriteria.previous</c>/<c>current</c>: search parameters without the base
    /// (R5: "Like Bundle.entry.request.url, it has no leading '/'"), optionally prefixed with
    /// <c>Type?</c>. Only criteria the in-memory matcher can evaluate are accepted: chains and
    /// _has need other resources, and result parameters (_count, _sort, ...) mean nothing here.
    /// </summary>
    public static IReadOnlyList<SearchCriterion> ParseQuery(string resourceType, string query, string path)
    {
        var text = query.Trim();
        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            var prefix = text[..question];
            if (prefix.Length > 0 && prefix != resourceType)
            {
                throw FhirException.BadRequest($"{path} '{query}' searches {prefix}, but the trigger's resource is {resourceType}.");
            }

            text = text[(question + 1)..];
        }

        var pairs = QueryHelpers.ParseQuery(text)
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))
            .ToList();
        if (pairs.Count == 0)
        {
            throw FhirException.BadRequest($"{path} '{query}' has no search criteria.");
        }

        var criteria = new List<SearchCriterion>();
        foreach (var pair in pairs)
        {
            criteria.Add(ParseOne(resourceType, query, path, pair));
        }

        return criteria;
    }

    /// <summary>Compiles <c>fhirPathCriteria</c>; the topic is rejected when this fails.</summary>
    public static CompiledExpression CompileFhirPath(string expression, string path)
    {
        FhirPathLimits.Check(expression, path);
        try
        {
            return Compiler.Compile(expression);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw FhirException.BadRequest($"{path} '{expression}' is not a valid FHIRPath expression: {e.Message}");
        }
    }

    private static SearchCriterion ParseOne(string resourceType, string query, string path, KeyValuePair<string, string> pair)
    {
        SearchQuery parsed;
        try
        {
            parsed = Parser.Parse(resourceType, [pair], Strict);
        }
        catch (FhirException e)
        {
            throw FhirException.BadRequest($"{path} '{query}' is not a valid search on {resourceType}: {e.Message}");
        }

        if (parsed.Criteria.Count != 1)
        {
            throw FhirException.BadRequest(
                $"{path} '{query}': '{pair.Key}' is not a search criterion; only criteria are allowed in a topic's queryCriteria.");
        }

        var criterion = parsed.Criteria[0];
        if (!SearchMatcher.Supports(criterion))
        {
            throw FhirException.BadRequest(
                $"{path} '{query}': '{pair.Key}' needs other resources (chain or _has) and cannot be evaluated when a resource is written.");
        }

        return criterion;
    }
}
