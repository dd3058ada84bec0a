using Hl7.Fhir.Model;
using Herald.Subscriptions.Subscriptions;

namespace Herald.TestSupport;

/// <summary>
/// The rules for the entries after the status resource in id-only and full-resource bundles
/// (SUB-20, SUB-21, SUB-25): every focus / additional-context reference equals an entry's
/// fullUrl, every entry is one of them, id-only entries carry no resource, full-resource entries
/// carry the resource unless it was deleted, and each request matches its response.
/// </summary>
internal static class NotificationEntryConformance
{
    public static void Check(
        List<Bundle.EntryComponent> entries,
        IReadOnlyList<CheckedEvent> events,
        ExpectedNotification expected,
        List<string> violations)
    {
        var fullUrls = entries.Select(e => e.FullUrl).Where(u => !string.IsNullOrEmpty(u)).ToHashSet();
        var referenced = new HashSet<string>();
        foreach (var e in events)
        {
            foreach (var reference in e.AdditionalContext.Prepend(e.Focus).OfType<string>())
            {
                referenced.Add(reference);
                if (!fullUrls.Contains(reference))
                {
                    violations.Add($"SUB-21: event {e.Number} references '{reference}' but no entry has that fullUrl.");
                }
            }
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var index = i + 1;
            if (string.IsNullOrEmpty(entry.FullUrl))
            {
                violations.Add($"SUB-20: entry[{index}] has no fullUrl.");
                continue;
            }

            if (!referenced.Contains(entry.FullUrl))
            {
                violations.Add($"SUB-20/21: entry[{index}] '{entry.FullUrl}' is not a focus or additional-context of any event.");
            }

            var typeAndId = TypeAndId(entry.FullUrl, expected.FhirBaseUrl);
            if (typeAndId is null)
            {
                violations.Add($"SUB-20: entry[{index}].fullUrl '{entry.FullUrl}' is not {expected.FhirBaseUrl.TrimEnd('/')}/Type/id.");
                continue;
            }

            CheckRequest(entry, index, typeAndId.Value, violations);
            CheckResource(entry, index, typeAndId.Value, expected.Content, violations);
        }
    }

    private static void CheckRequest(Bundle.EntryComponent entry, int index, (string Type, string Id) key, List<string> violations)
    {
        if (entry.Request?.Method is not { } method || entry.Response?.Status is not { } status)
        {
            return; // Already reported as SUB-25.
        }

        var (url, statuses) = method switch
        {
            Bundle.HTTPVerb.POST => (key.Type, new[] { "201" }),
            Bundle.HTTPVerb.PUT => ($"{key.Type}/{key.Id}", new[] { "200", "201" }),
            Bundle.HTTPVerb.DELETE => ($"{key.Type}/{key.Id}", new[] { "200", "204" }),
            Bundle.HTTPVerb.GET => ($"{key.Type}/{key.Id}", new[] { "200", "410" }),
            _ => ((string?)null, Array.Empty<string>()),
        };

        if (url is null)
        {
            violations.Add($"SUB-25: entry[{index}].request.method {method} is not POST, PUT, DELETE or GET.");
            return;
        }

        if (entry.Request.Url != url)
        {
            violations.Add($"SUB-25: entry[{index}].request is {method} {entry.Request.Url}, expected {method} {url}.");
        }

        if (!statuses.Any(s => status.StartsWith(s, StringComparison.Ordinal)))
        {
            violations.Add($"SUB-25: entry[{index}] {method} answered '{status}', expected {string.Join(" or ", statuses)}.");
        }
    }

    private static void CheckResource(Bundle.EntryComponent entry, int index, (string Type, string Id) key, PayloadContent content, List<string> violations)
    {
        if (content == PayloadContent.IdOnly)
        {
            if (entry.Resource is not null)
            {
                violations.Add($"SUB-20: entry[{index}] of an id-only notification carries a resource.");
            }

            return;
        }

        var gone = entry.Request?.Method == Bundle.HTTPVerb.DELETE
            || entry.Response?.Status?.StartsWith("410", StringComparison.Ordinal) == true;
        if (gone)
        {
            if (entry.Resource is not null)
            {
                violations.Add($"SUB-21: entry[{index}] is a delete but carries a resource.");
            }

            return;
        }

        if (entry.Resource is null)
        {
            violations.Add($"SUB-21: entry[{index}] of a full-resource notification has no resource.");
            return;
        }

        if (entry.Resource.TypeName != key.Type || entry.Resource.Id != key.Id)
        {
            violations.Add($"SUB-21: entry[{index}] holds {entry.Resource.TypeName}/{entry.Resource.Id} under fullUrl {entry.FullUrl}.");
        }

        var etag = entry.Response?.Etag;
        var version = entry.Resource.Meta?.VersionId;
        if (etag is not null && version is not null && etag != $"W/\"{version}\"")
        {
            violations.Add($"SUB-21: entry[{index}] etag {etag} is not the resource's version {version}.");
        }
    }

    private static (string Type, string Id)? TypeAndId(string fullUrl, string fhirBaseUrl)
    {
        var prefix = fhirBaseUrl.TrimEnd('/') + "/";
        if (!fullUrl.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = fullUrl[prefix.Length..].Split('/');
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? (parts[0], parts[1]) : null;
    }
}
