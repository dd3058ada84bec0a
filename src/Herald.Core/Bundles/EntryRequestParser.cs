using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Errors;
using Herald.Core.Fhir;

namespace Herald.Core.Bundles;

/// <summary>Reads <c>entry.request</c> (and the resource) of a batch or transaction entry.</summary>
public static class EntryRequestParser
{
    public static EntryRequest Parse(Bundle.EntryComponent entry, int index, string baseUrl)
    {
        var request = entry.Request
            ?? throw Fail(index, "has no request; every batch or transaction entry needs request.method and request.url.");
        var method = request.Method
            ?? throw Fail(index, "has no request.method.");
        if (string.IsNullOrWhiteSpace(request.Url))
        {
            throw Fail(index, "has no request.url.");
        }

        var (type, id, version, query) = SplitUrl(request.Url, baseUrl, index);
        if (method is not (Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD) && (version is not null || (id is null && query is null && method != Bundle.HTTPVerb.POST)))
        {
            throw Fail(index, $"{method} {request.Url} is not a supported URL; use Type (POST), Type/id or Type?criteria.");
        }

        var parsed = new EntryRequest
        {
            Index = index,
            Method = method,
            Url = request.Url,
            Type = type,
            Id = id,
            VersionId = version,
            Query = query,
            FullUrl = string.IsNullOrWhiteSpace(entry.FullUrl) ? null : entry.FullUrl,
            Resource = method is Bundle.HTTPVerb.POST or Bundle.HTTPVerb.PUT ? entry.Resource : null,
            Patch = method == Bundle.HTTPVerb.PATCH ? PatchOf(entry.Resource, index) : null,
            IfMatch = string.IsNullOrWhiteSpace(request.IfMatch) ? null : ParseIfMatch(request.IfMatch, index),
            IfNoneExist = string.IsNullOrWhiteSpace(request.IfNoneExist) ? null : request.IfNoneExist,
        };
        if (method is Bundle.HTTPVerb.POST or Bundle.HTTPVerb.PUT && parsed.Resource is null)
        {
            throw Fail(index, $"is a {method} without a resource.");
        }

        if (method == Bundle.HTTPVerb.POST && (id is not null || query is not null))
        {
            throw Fail(index, $"POST {request.Url}: a create goes to the type URL ('{type}'); put conditions in request.ifNoneExist.");
        }

        return parsed;
    }

    /// <summary>A version ETag as in If-Match: W/"3" or "3" or 3.</summary>
    public static long ParseIfMatch(string raw, int index)
    {
        var value = raw.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return long.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw Fail(index, $"has ifMatch '{raw}', which is not a version ETag such as W/\"3\".");
    }

    private static (string Type, string? Id, string? Version, string? Query) SplitUrl(string url, string baseUrl, int index)
    {
        var text = url.Trim();
        if (text.StartsWith(baseUrl + "/", StringComparison.Ordinal))
        {
            text = text[(baseUrl.Length + 1)..];
        }
        else if (Uri.TryCreate(text, UriKind.Absolute, out _))
        {
            throw Fail(index, $"request.url '{url}' is not on this server's base {baseUrl}; use a URL relative to the base.");
        }

        text = text.TrimStart('/');
        string? query = null;
        var mark = text.IndexOf('?', StringComparison.Ordinal);
        if (mark >= 0)
        {
            query = text[(mark + 1)..];
            text = text[..mark];
        }

        var segments = text.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var valid = segments.Length switch
        {
            1 => true,
            2 => query is null,
            4 => segments[2] == "_history" && query is null,
            _ => false,
        };
        if (!valid || !ResourceTypes.IsKnown(segments[0]))
        {
            throw Fail(index, $"request.url '{url}' is not supported; use Type, Type/id, Type/id/_history/vid or Type?criteria with a known resource type.");
        }

        if (segments.Length >= 2 && !ResourceIds.IsValid(segments[1]))
        {
            throw Fail(index, $"request.url '{url}' has an invalid id '{segments[1]}'.");
        }

        return (segments[0], segments.Length >= 2 ? segments[1] : null, segments.Length == 4 ? segments[3] : null, query);
    }

    private static PatchDocument PatchOf(Resource? resource, int index) => resource switch
    {
        Parameters parameters => new FhirPathPatchDocument(parameters),
        Binary { ContentType: "application/json-patch+json" } binary when binary.Data is not null => new JsonPatchDocument(Encoding.UTF8.GetString(binary.Data)),
        _ => throw Fail(index, "is a PATCH whose resource is neither a FHIRPath Patch Parameters nor a Binary with contentType application/json-patch+json."),
    };

    private static FhirException Fail(int index, string message) => FhirException.BadRequest($"Bundle entry {index} {message}");
}
