using Herald.Core.Fhir;

namespace Herald.Core.Search.Indexing;

/// <summary>
/// The type and id of a reference string: <c>Patient/1</c>, <c>Patient/1/_history/2</c>, or an
/// absolute URL ending in <c>Patient/1</c>. <see cref="IsAbsolute"/> tells which.
/// </summary>
public readonly record struct ReferenceParts(string? Type, string? Id, bool IsAbsolute)
{
    public static ReferenceParts Parse(string reference)
    {
        var absolute = reference.Contains("://", StringComparison.Ordinal) || reference.StartsWith("urn:", StringComparison.Ordinal);
        var path = reference;
        var history = path.IndexOf("/_history/", StringComparison.Ordinal);
        if (history >= 0)
        {
            path = path[..history];
        }

        var segments = path.Split('/');
        if (segments.Length >= 2 && ResourceTypes.IsKnown(segments[^2]) && ResourceIds.IsValid(segments[^1]))
        {
            return new ReferenceParts(segments[^2], segments[^1], absolute);
        }

        return new ReferenceParts(null, null, absolute);
    }
}
