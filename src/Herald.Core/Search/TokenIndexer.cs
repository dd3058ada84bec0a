using System.Collections.Concurrent;
using Hl7.Fhir.Model;
using Hl7.Fhir.FhirPath;
using Hl7.FhirPath;
using Herald.Core.Storage;

namespace Herald.Core.Search;

/// <summary>
/// Extracts the token values Herald indexes on write. Expressions come from the Firely SDK's
/// R4 search parameter definitions, not from a hand-written list. For now only the
/// <c>identifier</c> parameter is indexed (enough for conditional create); the search issue
/// widens this to every parameter.
/// </summary>
public sealed class TokenIndexer
{
    private static readonly string[] IndexedParameters = ["identifier"];

    private readonly ConcurrentDictionary<string, (string Name, CompiledExpression Expression)[]> _byType = new();
    private readonly FhirPathCompiler _compiler = new();

    public static bool IsIndexed(string parameter) => IndexedParameters.Contains(parameter);

    public IReadOnlyList<TokenIndexEntry> Extract(Resource resource)
    {
        var parameters = _byType.GetOrAdd(resource.TypeName, Compile);
        if (parameters.Length == 0)
        {
            return [];
        }

        var entries = new List<TokenIndexEntry>();
        var node = resource.ToPocoNode();
        foreach (var (name, expression) in parameters)
        {
            foreach (var value in expression(node, new FhirEvaluationContext()))
            {
                AddToken(entries, name, value.Poco);
            }
        }

        return entries;
    }

    private (string, CompiledExpression)[] Compile(string type) =>
        ModelInfo.SearchParameters
            .Where(p => p.Resource == type && p.Type == SearchParamType.Token && IndexedParameters.Contains(p.Name) && !string.IsNullOrEmpty(p.Expression))
            .Select(p => (p.Name!, _compiler.Compile(p.Expression!)))
            .ToArray();

    private static void AddToken(List<TokenIndexEntry> entries, string parameter, object? value)
    {
        switch (value)
        {
            case Identifier identifier when identifier.Value is not null || identifier.System is not null:
                entries.Add(new TokenIndexEntry(parameter, identifier.System, identifier.Value));
                break;
            case Coding coding:
                entries.Add(new TokenIndexEntry(parameter, coding.System, coding.Code));
                break;
            case CodeableConcept concept:
                foreach (var coding in concept.Coding)
                {
                    entries.Add(new TokenIndexEntry(parameter, coding.System, coding.Code));
                }

                break;
        }
    }
}
