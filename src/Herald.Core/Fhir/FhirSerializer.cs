using System.Text;
using System.Text.Json;
using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using Herald.Core.Errors;

namespace Herald.Core.Fhir;

/// <summary>
/// Parses and writes FHIR R4 resources with the Firely SDK. Every parse failure becomes a
/// 400 <see cref="FhirException"/> whose message says what and where, so callers never see a
/// parser's own exception type.
/// </summary>
public sealed class FhirSerializer
{
    // Strict parsing: unknown elements and invalid codes are client errors, not silently dropped.
    // Narrative is checked too (off by default in Firely): a div that is not well-formed FHIR
    // XHTML would be stored as is and then written out as broken XML to every XML client.
    private static readonly DeserializerSettings ClientSettings = new() { NarrativeValidation = NarrativeValidationKind.FhirXhtml };
    private readonly FhirJsonDeserializer _jsonParser = new(ClientSettings);
    private readonly FhirXmlDeserializer _xmlParser = new(ClientSettings);

    // Stored JSON was checked on the way in; rows stored before a rule was tightened must stay readable.
    private readonly FhirJsonDeserializer _storageParser = new(new DeserializerSettings());
    private readonly JsonSerializerOptions _compact = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private readonly JsonSerializerOptions _pretty = new JsonSerializerOptions { WriteIndented = true }.ForFhir(ModelInfo.ModelInspector);
    private readonly FhirXmlSerializer _xmlWriter = new();

    /// <summary>Deepest nesting accepted in a request body (JSON arrays/objects, XML elements).</summary>
    public const int MaxDepth = 128;

    /// <summary>
    /// Deepest XML element nesting accepted. Every XML level can be two JSON levels (array and
    /// object), and the stored JSON is bounded at depth 64 by the JSON reader and writer, so an
    /// XML body deeper than 32 would parse and then fail to store.
    /// </summary>
    public const int MaxXmlDepth = 32;

    public static FhirSerializer Instance { get; } = new();

    public Resource Parse(string body, FhirFormat format)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            throw FhirException.Invalid("The request body is empty; a FHIR resource was expected.");
        }

        try
        {
            return format == FhirFormat.Json ? ParseJson(body) : ParseXml(body);
        }
        catch (DeserializationFailedException e)
        {
            throw FhirException.Invalid("The resource could not be parsed: " + Describe(e));
        }
        catch (JsonException e)
        {
            throw FhirException.Invalid("The body is not valid JSON: " + e.Message);
        }
        catch (XmlException e)
        {
            throw FhirException.Invalid("The body is not valid XML: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            // Firely reports a non-object JSON root (e.g. an array) this way.
            throw FhirException.Invalid("The body is not a FHIR resource: " + e.Message);
        }
        catch (FormatException e)
        {
            throw FhirException.Invalid("The resource could not be parsed: " + e.Message);
        }
        catch (CodedValidationException e)
        {
            // Thrown (not collected) by Firely's post-parse validation, e.g. "contained": 1.
            throw FhirException.Invalid("The resource could not be parsed: " + e.Message);
        }
    }

    private Resource ParseJson(string body)
    {
        // Firely reads the first JSON value and ignores the rest; reject trailing content so
        // "{...}garbage" is not half-accepted.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(body), new JsonReaderOptions { MaxDepth = MaxDepth });
        if (!JsonDocument.TryParseValue(ref reader, out var doc))
        {
            throw FhirException.Invalid("The body is not valid JSON.");
        }

        doc.Dispose();
        if (reader.Read())
        {
            throw FhirException.Invalid("The body has content after the end of the JSON resource.");
        }

        return _jsonParser.DeserializeResource(body);
    }

    private Resource ParseXml(string body)
    {
        // Firely's XML parser recurses once per element: a few thousand nested elements overflow
        // the stack and kill the process. Check the depth first, with the same limit as JSON.
        using (var reader = XmlReader.Create(new StringReader(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null }))
        {
            while (reader.Read())
            {
                if (reader.Depth > MaxXmlDepth)
                {
                    throw FhirException.Invalid($"The XML is nested more than {MaxXmlDepth} elements deep.");
                }
            }
        }

        return _xmlParser.DeserializeResource(body);
    }

    public string Serialize(Base resource, FhirFormat format, bool pretty = false) =>
        format == FhirFormat.Json
            ? JsonSerializer.Serialize(resource, resource.GetType(), pretty ? _pretty : _compact)
            : _xmlWriter.SerializeToString(resource, pretty);

    /// <summary>The canonical storage form: compact JSON.</summary>
    public string ToStorageJson(Resource resource) => JsonSerializer.Serialize(resource, resource.GetType(), _compact);

    /// <summary>Reads a resource Herald itself stored; a failure here is a server fault.</summary>
    public Resource FromStorageJson(string json) => _storageParser.DeserializeResource(json);

    private static string Describe(DeserializationFailedException e)
    {
        var messages = e.Exceptions.Select(x => x.Message).Distinct().Take(10).ToList();
        return messages.Count == 0 ? e.Message : string.Join(" ", messages);
    }
}
