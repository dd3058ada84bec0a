using System.Globalization;
using Herald.Core.Fhir;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Storage;

namespace Herald.StorageBench;

/// <summary>A typical Patient (about 700 bytes of JSON) and the writes that store it.</summary>
internal static class SamplePatient
{
    public const string System = "urn:bench";

    public static string Id(int n) => "p" + n.ToString(CultureInfo.InvariantCulture);

    public static string Value(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static string Json(int n, long version, DateTimeOffset lastUpdated) =>
        "{\"resourceType\":\"Patient\",\"id\":\"" + Id(n) + "\",\"meta\":{\"versionId\":\"" + version.ToString(CultureInfo.InvariantCulture)
        + "\",\"lastUpdated\":\"" + lastUpdated.ToString("o", CultureInfo.InvariantCulture) + "\"},"
        + "\"identifier\":[{\"system\":\"" + System + "\",\"value\":\"" + Value(n) + "\"},{\"system\":\"urn:oid:2.16.840.1.113883.4.1\",\"value\":\"123-45-" + Value(n) + "\"}],"
        + "\"active\":true,\"name\":[{\"use\":\"official\",\"family\":\"Doe\",\"given\":[\"Jane\",\"Q\"]}],"
        + "\"telecom\":[{\"system\":\"phone\",\"value\":\"+1 555 0100\",\"use\":\"home\"},{\"system\":\"email\",\"value\":\"jane.doe@example.org\"}],"
        + "\"gender\":\"female\",\"birthDate\":\"1980-04-01\","
        + "\"address\":[{\"use\":\"home\",\"line\":[\"1 Main Street\"],\"city\":\"Springfield\",\"postalCode\":\"12345\",\"country\":\"US\"}]}";

    private static readonly SearchIndexer Indexer = new();
    private static readonly SearchQueryParser Parser = new(SearchParameterRegistry.Instance);

    /// <summary>A create with the index rows Herald itself extracts from this Patient.</summary>
    public static ResourceWrite Create(int n) => new()
    {
        Key = new ResourceKey("bench", "Patient", Id(n)),
        Interaction = Interaction.Create,
        Render = (version, lastUpdated) => Json(n, version, lastUpdated),
        Index = Indexer.Extract(FhirSerializer.Instance.Parse(Json(n, 1, DateTimeOffset.UnixEpoch), FhirFormat.Json)),
    };

    /// <summary>The lookup a conditional create does: <c>identifier=urn:bench|n</c>.</summary>
    public static IReadOnlyList<SearchCriterion> ByIdentifier(int n) =>
        Parser.Parse("Patient", [new("identifier", System + "|" + Value(n))], new SearchParseOptions(true, 2, 2, null)).Criteria;
}
