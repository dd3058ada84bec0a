using Hl7.Fhir.Model;

namespace Herald.Core.Bundles;

/// <summary>What a write response carries, from <c>Prefer: return=</c>.</summary>
public enum EntryReturn
{
    Representation,
    Minimal,
    OperationOutcome,
}

/// <summary>
/// The request a bundle arrived with: tenant, the tenant's absolute base URL (for locations), the
/// return preference, and the search the API layer runs for GET entries (it builds searchsets).
/// </summary>
public sealed record BundleContext(
    string Tenant,
    string BaseUrl,
    EntryReturn Return,
    Func<string, string, CancellationToken, Task<Bundle>> SearchAsync)
{
    public string ResourceUrl(string type, string id) => $"{BaseUrl}/{type}/{id}";

    public string VersionUrl(string type, string id, long version) => $"{BaseUrl}/{type}/{id}/_history/{version}";
}
