using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Herald.Core.Storage;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Notifications;

/// <summary>
/// The entries after the status resource in an id-only or full-resource notification: one per
/// focus version and per additional-context version. R4 history bundles require request and
/// response on every entry (bdl-3, bdl-4; SUB-25), so each entry replays the write that made
/// the version (POST/PUT/DELETE) or, for context resources, a read (GET).
/// </summary>
internal static class NotificationEntries
{
    public static IEnumerable<Bundle.EntryComponent> Build(NotificationSubject subject, IReadOnlyList<NotificationEvent> events)
    {
        if (subject.Content == PayloadContent.Empty)
        {
            yield break; // SUB-19: no entries besides the status.
        }

        // One entry per version: a resource that triggered several events in the bundle, or is both
        // a focus and a context resource, appears once. Different versions of one resource stay
        // separate entries (allowed in history bundles) so each event points at what it saw.
        var seen = new HashSet<(string Type, string Id, long Version)>();
        foreach (var e in events.OrderBy(e => e.EventNumber))
        {
            if (seen.Add((e.Focus.Type, e.Focus.Id, e.Focus.VersionId)))
            {
                yield return FocusEntry(subject, e.Focus);
            }

            foreach (var context in e.AdditionalContext)
            {
                if (seen.Add((context.Type, context.Id, context.VersionId)))
                {
                    yield return ContextEntry(subject, context);
                }
            }
        }
    }

    private static Bundle.EntryComponent FocusEntry(NotificationSubject subject, ResourceVersion focus)
    {
        var (method, url, status) = focus.Interaction switch
        {
            Interaction.Create => (Bundle.HTTPVerb.POST, focus.Type, "201"),
            Interaction.Update => (Bundle.HTTPVerb.PUT, $"{focus.Type}/{focus.Id}", "200"),
            _ => (Bundle.HTTPVerb.DELETE, $"{focus.Type}/{focus.Id}", "204"),
        };

        return new Bundle.EntryComponent
        {
            FullUrl = BackportNames.ResourceUrl(subject.FhirBaseUrl, focus.Type, focus.Id),
            // full-resource: the exact version that triggered, never a later one (SUB-21).
            // A delete has no body to carry: request/response say what happened.
            Resource = Payload(subject, focus),
            Request = new Bundle.RequestComponent { Method = method, Url = url },
            Response = Response(status, focus),
        };
    }

    private static Bundle.EntryComponent ContextEntry(NotificationSubject subject, ResourceVersion context) => new()
    {
        FullUrl = BackportNames.ResourceUrl(subject.FhirBaseUrl, context.Type, context.Id),
        Resource = Payload(subject, context),
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.GET, Url = $"{context.Type}/{context.Id}" },
        // A context resource that is gone reads as 410, as a GET would.
        Response = Response(context.Json is null ? "410" : "200", context),
    };

    // id-only never carries a resource (SUB-20).
    private static Resource? Payload(NotificationSubject subject, ResourceVersion version) =>
        subject.Content == PayloadContent.FullResource && version.Json is not null
            ? FhirSerializer.Instance.FromStorageJson(version.Json)
            : null;

    private static Bundle.ResponseComponent Response(string status, ResourceVersion version) => new()
    {
        Status = status,
        Etag = $"W/\"{version.VersionId.ToString(CultureInfo.InvariantCulture)}\"",
        LastModified = version.LastUpdated,
    };
}
