using System.Text;

namespace Herald.IntegrationTests.BadInput;

/// <summary>
/// One generated malformed request. <see cref="MayWrite"/> marks requests whose mutation could
/// still be a valid write (a flipped byte inside a string value, a garbage Prefer header on a
/// valid body); those go to a scratch tenant so the default tenant must stay untouched.
/// </summary>
public sealed record BadRequest(string Category, string Method, string Path, byte[]? Body = null, string? ContentType = null,
    IReadOnlyList<(string Name, string Value)>? Headers = null, bool MayWrite = false)
{
    public const string Base = "/fhir";
    public const string ScratchBase = "/tenants/scratch/fhir";

    public static BadRequest Get(string category, string path, params (string, string)[] headers) =>
        new(category, "GET", path, Headers: headers);

    public static BadRequest Send(string category, string method, string path, string body, string? contentType = FhirTestClient.FhirJson,
        bool mayWrite = false, params (string, string)[] headers) =>
        new(category, method, path, Encoding.UTF8.GetBytes(body), contentType, headers, mayWrite);

    /// <summary>A short printable form for failure reports (bodies cut to 300 characters).</summary>
    public string Describe()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body, 0, Math.Min(Body.Length, 300));
        var headers = Headers is { Count: > 0 } ? " " + string.Join("; ", Headers.Select(h => $"{h.Name}: {Cut(h.Value)}")) : "";
        return $"[{Category}] {Method} {Cut(Path)} ct={ContentType}{headers} len={Body?.Length ?? 0} body={body}";
    }

    private static string Cut(string s) => s.Length > 200 ? s[..200] + $"...({s.Length})" : s;
}
