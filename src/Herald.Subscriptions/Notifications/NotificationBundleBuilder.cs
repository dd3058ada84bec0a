using Hl7.Fhir.Model;

namespace Herald.Subscriptions.Notifications;

/// <summary>
/// Builds R4 notification bundles per the Subscriptions Backport IG (SUB-22, SUB-25):
/// a <c>history</c> Bundle whose first entry is the status <c>Parameters</c>, answered as if by
/// <c>GET [base]/Subscription/{id}/$status</c>, then the focus / context entries the payload
/// content level allows. Used for every notification type, including the <c>$events</c> answer.
/// </summary>
public static class NotificationBundleBuilder
{
    /// <param name="subject">The subscription; its count is written as given, never incremented.</param>
    /// <param name="type">The notification type.</param>
    /// <param name="events">The events to report, for event-notification and query-event; ignored otherwise.</param>
    /// <param name="timestamp">Bundle.timestamp; now when not given.</param>
    public static Bundle Build(
        NotificationSubject subject,
        NotificationType type,
        IReadOnlyList<NotificationEvent> events,
        DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(events);

        var reported = StatusParametersBuilder.CarriesEvents(type) ? events : [];
        var statusId = Guid.NewGuid().ToString();
        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Meta = new Meta { Profile = [BackportNames.NotificationProfile] },
            Type = Bundle.BundleType.History,
            Timestamp = timestamp ?? DateTimeOffset.UtcNow,
        };

        bundle.Entry.Add(new Bundle.EntryComponent
        {
            // The status resource has no server identity of its own; a urn:uuid names it in the bundle.
            FullUrl = "urn:uuid:" + statusId,
            Resource = StatusParametersBuilder.Build(subject, type, reported, statusId),
            Request = new Bundle.RequestComponent
            {
                Method = Bundle.HTTPVerb.GET,
                Url = BackportNames.StatusRequestUrl(subject.FhirBaseUrl, subject.SubscriptionId),
            },
            Response = new Bundle.ResponseComponent { Status = "200" },
        });

        bundle.Entry.AddRange(NotificationEntries.Build(subject, reported));
        return bundle;
    }
}
