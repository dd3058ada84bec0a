using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.FhirPath;
using Herald.Core.Search.Definitions;

namespace Herald.Core.Search.Indexing;

/// <summary>
/// Extracts every search value of a resource, by evaluating each of its type's search parameter
/// expressions (Firely FHIRPath) and converting the results by parameter type.
/// </summary>
public sealed class SearchIndexer(SearchParameterRegistry registry)
{
    public SearchIndexer()
        : this(SearchParameterRegistry.Instance)
    {
    }

    public SearchIndex Extract(Resource resource)
    {
        var index = new SearchIndex();
        var node = resource.ToPocoNode();
        foreach (var parameter in registry.For(resource.TypeName).Values)
        {
            // _id and _lastUpdated are answered from the version row itself.
            if (parameter.Name is SearchParameterRegistry.Id or SearchParameterRegistry.LastUpdated)
            {
                continue;
            }

            foreach (var value in parameter.Compiled(node, NewContext()))
            {
                IndexValueConverter.Add(index, parameter, value);
            }
        }

        return index;
    }

    /// <summary>
    /// A context whose resolve() answers from the reference text alone, so expressions such as
    /// <c>subject.where(resolve() is Patient)</c> work without loading the target.
    /// </summary>
    public static FhirEvaluationContext NewContext() => new() { ElementResolver = ResolveByType };

    private static PocoNode? ResolveByType(string reference)
    {
        var type = ReferenceParts.Parse(reference).Type;
        return type is not null && ModelInfo.GetTypeForFhirType(type) is { IsAbstract: false } clr
            && Activator.CreateInstance(clr) is Resource placeholder
            ? placeholder.ToPocoNode()
            : null;
    }
}
