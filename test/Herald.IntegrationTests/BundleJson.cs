using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Herald.IntegrationTests;

/// <summary>Builds batch and transaction bundles for tests.</summary>
internal static class BundleJson
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new System.Text.Json.JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static Bundle.EntryComponent Entry(Bundle.HTTPVerb method, string url, Resource? resource = null, string? fullUrl = null,
        string? ifNoneExist = null, string? ifMatch = null) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = method, Url = url, IfNoneExist = ifNoneExist, IfMatch = ifMatch },
    };

    public static string Serialize(Bundle.BundleType type, params Bundle.EntryComponent[] entries) =>
        System.Text.Json.JsonSerializer.Serialize(new Bundle { Type = type, Entry = [.. entries] }, Options);

    public static string Transaction(params Bundle.EntryComponent[] entries) => Serialize(Bundle.BundleType.Transaction, entries);

    public static string Batch(params Bundle.EntryComponent[] entries) => Serialize(Bundle.BundleType.Batch, entries);

    public static Patient Patient(string family, string? system = null, string? value = null)
    {
        var patient = new Patient { Name = [new HumanName { Family = family }] };
        if (value is not null)
        {
            patient.Identifier.Add(new Identifier(system, value));
        }

        return patient;
    }
}
