using Hl7.Fhir.Model;
using Hl7.FhirPath;

namespace Herald.Core.Search.Definitions;

/// <summary>
/// One search parameter of one resource type, with its FHIRPath expression compiled and
/// narrowed to that type.
/// </summary>
public sealed record SearchParameterInfo(
    string Name,
    string ResourceType,
    SearchParamType Type,
    string Expression,
    CompiledExpression Compiled,
    IReadOnlyList<string> Targets,
    IReadOnlyList<CompositeComponent> Components);

/// <summary>One component of a composite parameter: its type and its expression relative to the element.</summary>
public sealed record CompositeComponent(SearchParamType Type, CompiledExpression Compiled);
