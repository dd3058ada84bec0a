using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using Herald.Api.Configuration;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Herald.Api.Formatting;

/// <summary>Reads what a FHIR request asks for: body, response format, preferences, preconditions.</summary>
public static class FhirRequest
{
    /// <summary>The response format: <c>_format</c> wins over <c>Accept</c>; JSON when neither says.</summary>
    public static FhirFormat ResponseFormat(HttpContext http)
    {
        // An unescaped '+' in the query (_format=application/fhir+xml, as the FHIR spec writes it)
        // arrives decoded as a space; no supported value has a space, so put the '+' back.
        var requested = http.Request.Query["_format"].ToString().Trim().Replace(' ', '+');
        if (requested.Length > 0)
        {
            return MediaTypes.ToFormat(requested)
                ?? throw FhirException.NotAcceptable($"_format '{requested}' is not supported; use json, xml, {MediaTypes.FhirJson} or {MediaTypes.FhirXml}.");
        }

        var accept = http.Request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return FhirFormat.Json;
        }

        foreach (var type in accept.OrderByDescending(a => a.Quality ?? 1))
        {
            if (type.Quality == 0)
            {
                continue;
            }

            var mediaType = type.MediaType.Value ?? "";
            if (mediaType is "*/*" or "application/*")
            {
                return FhirFormat.Json;
            }

            if (MediaTypes.ToFormat(mediaType) is { } format)
            {
                return format;
            }
        }

        throw FhirException.NotAcceptable(
            $"None of the accepted media types ({http.Request.Headers.Accept}) can be produced; use {MediaTypes.FhirJson} or {MediaTypes.FhirXml}.");
    }

    public static bool Pretty(HttpContext http) =>
        string.Equals(http.Request.Query["_pretty"].ToString(), "true", StringComparison.OrdinalIgnoreCase);

    public static ReturnPreference ReturnPreference(HttpContext http)
    {
        foreach (var header in http.Request.Headers["Prefer"])
        {
            foreach (var part in (header ?? "").Split(',', ';'))
            {
                var trimmed = part.Trim();
                if (trimmed.StartsWith("return=", StringComparison.OrdinalIgnoreCase))
                {
                    return trimmed[7..].Trim('"').ToLowerInvariant() switch
                    {
                        "minimal" => Formatting.ReturnPreference.Minimal,
                        "operationoutcome" => Formatting.ReturnPreference.OperationOutcome,
                        _ => Formatting.ReturnPreference.Representation,
                    };
                }
            }
        }

        return Formatting.ReturnPreference.Representation;
    }

    /// <summary>The version an <c>If-Match</c> header requires, or null when there is none.</summary>
    public static long? IfMatchVersion(HttpContext http)
    {
        var raw = http.Request.Headers.IfMatch.ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        var value = raw.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        value = value.Trim('"');
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0)
        {
            return version;
        }

        throw FhirException.BadRequest($"If-Match '{raw}' is not a version ETag; send W/\"<versionId>\", e.g. W/\"3\".");
    }

    /// <summary>Reads and parses the body, enforcing the size limit and the media type.</summary>
    /// <summary>Reads a form body; a form over ASP.NET Core's limits (e.g. a value over 4 MB) is a 400, not a server fault.</summary>
    public static async Task<IFormCollection> ReadFormAsync(HttpContext http)
    {
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw FhirException.BadRequest("The form body could not be read: " + e.Message);
        }
    }

    public static async Task<Resource> ReadResourceAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var format = RequestFormat(http);
        var body = await ReadBodyAsync(http, cancellationToken).ConfigureAwait(false);
        return FhirSerializer.Instance.Parse(body, format ?? Sniff(body));
    }

    /// <summary>The format named by Content-Type; null when the header is absent (the body is sniffed).</summary>
    private static FhirFormat? RequestFormat(HttpContext http)
    {
        var contentType = http.Request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || MediaTypes.ToFormat(parsed.MediaType.Value ?? "") is not { } format)
        {
            throw FhirException.UnsupportedMediaType($"Content-Type '{contentType}' is not supported; send {MediaTypes.FhirJson} or {MediaTypes.FhirXml}.");
        }

        return format;
    }

    private static FhirFormat Sniff(string body) =>
        body.TrimStart().StartsWith('<') ? FhirFormat.Xml : FhirFormat.Json;

    public static async Task<string> ReadBodyAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value.MaxRequestBodyBytes;
        if (http.Request.ContentLength > limit)
        {
            throw TooLarge(limit);
        }

        // Count as we read: Content-Length may be absent (chunked) or wrong.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            throw FhirException.Invalid("The body is not valid UTF-8.");
        }
    }

    private static FhirException TooLarge(long limit) =>
        FhirException.TooLarge($"The request body is larger than the limit of {limit} bytes (setting Herald:MaxRequestBodyBytes).");
}
