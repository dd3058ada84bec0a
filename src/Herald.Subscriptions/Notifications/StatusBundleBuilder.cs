using Hl7.Fhir.Model;

namespace Herald.Subscriptions.Notifications;

/// <summary>
/// The <c>$status</c> answer (SUB-38): a <c>searchset</c> Bundle with one <c>query-status</c>
/// status resource per subscription the caller may see. Counts are reported, not incremented (SUB-17).
/// </summary>
public static class StatusBundleBuilder
{
    public static Bundle Build(IReadOnlyList<NotificationSubject> subjects, DateTimeOffset? timestamp = null)
    {
        ArgumentNullException.ThrowIfNull(subjects);

        var bundle = new Bundle
        {
            Id = Guid.NewGuid().ToString(),
            Type = Bundle.BundleType.Searchset,
            Timestamp = timestamp ?? DateTimeOffset.UtcNow,
            Total = subjects.Count,
        };

        foreach (var subject in subjects)
        {
            var id = Guid.NewGuid().ToString();
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + id,
                Resource = StatusParametersBuilder.Build(subject, NotificationType.QueryStatus, [], id),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        return bundle;
    }
}
