using System.Collections.Concurrent;
using System.Collections.Frozen;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace Herald.Core.Search.Definitions;

/// <summary>
/// The search parameters of every R4 resource type, from the Firely SDK's definitions
/// (<see cref="ModelInfo.SearchParameters"/>), plus the common parameters that the SDK does not
/// list per type (<c>_id</c>, <c>_lastUpdated</c>, <c>_tag</c>, <c>_profile</c>, <c>_security</c>, <c>_source</c>).
/// </summary>
public sealed class SearchParameterRegistry
{
    /// <summary>Parameters answered from columns of the version row rather than from index rows.</summary>
    public const string Id = "_id";
    public const string LastUpdated = "_lastUpdated";

    private static readonly (string Name, SearchParamType Type, string Expression)[] Common =
    [
        (Id, SearchParamType.Token, "Resource.id"),
        (LastUpdated, SearchParamType.Date, "Resource.meta.lastUpdated"),
        ("_tag", SearchParamType.Token, "Resource.meta.tag"),
        ("_profile", SearchParamType.Uri, "Resource.meta.profile"),
        ("_security", SearchParamType.Token, "Resource.meta.security"),
        ("_source", SearchParamType.Uri, "Resource.meta.source"),
    ];

    // resolve(), memberOf() and the other FHIR-specific functions live in the FHIR extensions.
    private readonly FhirPathCompiler _compiler = new(new SymbolTable().AddStandardFP().AddFhirExtensions());
    private readonly ConcurrentDictionary<string, FrozenDictionary<string, SearchParameterInfo>> _byType = new(StringComparer.Ordinal);
    private readonly FrozenDictionary<string, SearchParamDefinition> _byUrl = ModelInfo.SearchParameters
        .Where(p => p.Url is not null)
        .GroupBy(p => p.Url!, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static SearchParameterRegistry Instance { get; } = new();

    public IReadOnlyDictionary<string, SearchParameterInfo> For(string resourceType) =>
        _byType.GetOrAdd(resourceType, Build);

    public SearchParameterInfo? Find(string resourceType, string name) =>
        For(resourceType).TryGetValue(name, out var info) ? info : null;

    private FrozenDictionary<string, SearchParameterInfo> Build(string type)
    {
        var result = new Dictionary<string, SearchParameterInfo>(StringComparer.Ordinal);
        foreach (var (name, paramType, expression) in Common)
        {
            result[name] = new SearchParameterInfo(name, type, paramType, expression, _compiler.Compile(expression), [], []);
        }

        foreach (var definition in ModelInfo.SearchParameters.Where(p => p.Resource == type && !string.IsNullOrEmpty(p.Expression)))
        {
            if (definition.Type == SearchParamType.Special || result.ContainsKey(definition.Name!))
            {
                continue;
            }

            var expression = ExpressionNarrower.Narrow(definition.Expression!, type);
            var components = definition.Type == SearchParamType.Composite ? Components(definition) : [];
            if (definition.Type == SearchParamType.Composite && components.Count != 2)
            {
                continue;
            }

            result[definition.Name!] = new SearchParameterInfo(
                definition.Name!,
                type,
                definition.Type,
                expression,
                _compiler.Compile(expression),
                definition.Target?.Select(t => t.GetLiteral()).ToList() ?? [],
                components);
        }

        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private List<CompositeComponent> Components(SearchParamDefinition definition)
    {
        var components = new List<CompositeComponent>();
        foreach (var component in definition.Component ?? [])
        {
            if (component.Definition is null || !_byUrl.TryGetValue(component.Definition, out var target))
            {
                return [];
            }

            components.Add(new CompositeComponent(target.Type, _compiler.Compile(component.Expression)));
        }

        return components;
    }
}
