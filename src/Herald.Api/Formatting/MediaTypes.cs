using Herald.Core.Fhir;

namespace Herald.Api.Formatting;

/// <summary>The media types Herald reads and writes, and how each maps to a format.</summary>
public static class MediaTypes
{
    public const string FhirJson = "application/fhir+json";
    public const string FhirXml = "application/fhir+xml";
    public const string JsonPatch = "application/json-patch+json";

    /// <summary>Maps a media type or a <c>_format</c> shorthand to a format; null when unsupported.</summary>
    public static FhirFormat? ToFormat(string value) => value.Trim().ToLowerInvariant() switch
    {
        "json" or FhirJson or "application/json" or "text/json" or "application/json+fhir" => FhirFormat.Json,
        "xml" or FhirXml or "application/xml" or "text/xml" or "application/xml+fhir" => FhirFormat.Xml,
        _ => null,
    };

    public static string ContentType(FhirFormat format) =>
        (format == FhirFormat.Json ? FhirJson : FhirXml) + "; charset=utf-8";
}
