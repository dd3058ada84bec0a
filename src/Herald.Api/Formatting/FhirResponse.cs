using System.Globalization;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Storage;
using Microsoft.AspNetCore.Http;

namespace Herald.Api.Formatting;

/// <summary>Writes FHIR responses in the negotiated format.</summary>
public static class FhirResponse
{
    /// <summary>Writes a response in the negotiated format; an unsupported Accept or _format is a 406.</summary>
    public static Task WriteAsync(HttpContext http, Base resource, int status) =>
        WriteAsync(http, resource, status, FhirRequest.ResponseFormat(http));

    /// <summary>
    /// Outcomes fall back to JSON when negotiation fails: the outcome may be the one reporting
    /// that failure, and an error must always reach the client.
    /// </summary>
    public static Task WriteOutcomeAsync(HttpContext http, OperationOutcome outcome, int status) =>
        WriteAsync(http, outcome, status, SafeResponseFormat(http));

    private static async Task WriteAsync(HttpContext http, Base resource, int status, FhirFormat format)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaTypes.ContentType(format);
        var text = FhirSerializer.Instance.Serialize(resource, format, FhirRequest.Pretty(http));
        await http.Response.WriteAsync(text, http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a stored version; compact JSON goes out as stored, without a parse.</summary>
    public static async Task WriteStoredAsync(HttpContext http, ResourceVersion version, int status)
    {
        SetVersionHeaders(http, version);
        var format = FhirRequest.ResponseFormat(http);
        if (format == FhirFormat.Json && !FhirRequest.Pretty(http))
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = MediaTypes.ContentType(format);
            await http.Response.WriteAsync(version.Json!, http.RequestAborted).ConfigureAwait(false);
            return;
        }

        await WriteAsync(http, FhirSerializer.Instance.FromStorageJson(version.Json!), status).ConfigureAwait(false);
    }

    public static void SetVersionHeaders(HttpContext http, ResourceVersion version)
    {
        http.Response.Headers.ETag = $"W/\"{version.VersionId.ToString(CultureInfo.InvariantCulture)}\"";
        http.Response.Headers.LastModified = version.LastUpdated.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>The negotiated format, or JSON when the negotiation itself is what failed.</summary>
    public static FhirFormat SafeResponseFormat(HttpContext http)
    {
        try
        {
            return FhirRequest.ResponseFormat(http);
        }
        catch (FhirException)
        {
            return FhirFormat.Json;
        }
    }
}
