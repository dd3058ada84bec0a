using Hl7.Fhir.Model;

namespace Herald.Core.Fhir;

/// <summary>The R4 resource types Herald serves: every concrete resource in the Firely model.</summary>
public static class ResourceTypes
{
    private static readonly HashSet<string> Known = ModelInfo.SupportedResources
        .Where(name => ModelInfo.GetTypeForFhirType(name) is { IsAbstract: false })
        .ToHashSet(StringComparer.Ordinal);

    public static IReadOnlyCollection<string> All => Known;

    public static bool IsKnown(string type) => Known.Contains(type);
}
