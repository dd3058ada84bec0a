using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.Core.Bundles;

/// <summary>
/// One request of a bundle entry (or of a single conditional / PATCH call), parsed: the URL split
/// into type, id, version and query, relative to the tenant's base.
/// </summary>
public sealed record EntryRequest
{
    /// <summary>Position in the bundle, as reported in errors; -1 for a request made directly over HTTP.</summary>
    public required int Index { get; init; }

    public required Bundle.HTTPVerb Method { get; init; }

    public required string Url { get; init; }

    public required string Type { get; init; }

    public string? Id { get; init; }

    public string? VersionId { get; init; }

    /// <summary>The query after '?', without it; null when the URL has none.</summary>
    public string? Query { get; init; }

    public string? FullUrl { get; init; }

    public Resource? Resource { get; init; }

    /// <summary>For PATCH: the patch document (JSON Patch text or FHIRPath Patch Parameters).</summary>
    public PatchDocument? Patch { get; init; }

    public long? IfMatch { get; init; }

    public string? IfNoneExist { get; init; }

    public bool IsConditional => Id is null && Query is not null;

    public bool IsWrite => Method is Bundle.HTTPVerb.POST or Bundle.HTTPVerb.PUT or Bundle.HTTPVerb.DELETE or Bundle.HTTPVerb.PATCH;

    public string Describe() => Index < 0 ? $"{Method} {Url}" : $"Bundle entry {Index} ({Method} {Url})";

    /// <summary>Names this entry in an error, once; a direct HTTP request needs no naming.</summary>
    public Errors.FhirException Name(Errors.FhirException error, string separator = ": ") =>
        Index < 0 || error.Message.StartsWith("Bundle entry", StringComparison.Ordinal)
            ? error
            : new Errors.FhirException(error.Status, error.IssueType, $"{Describe()}{separator}{error.Message}");
}

/// <summary>A patch body: JSON Patch text, or FHIRPath Patch parameters.</summary>
public abstract record PatchDocument;

public sealed record JsonPatchDocument(string Json) : PatchDocument;

public sealed record FhirPathPatchDocument(Parameters Parameters) : PatchDocument;
