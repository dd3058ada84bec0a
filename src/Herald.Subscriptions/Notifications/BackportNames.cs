namespace Herald.Subscriptions.Notifications;

/// <summary>
/// Names fixed by the Subscriptions R5 Backport IG (STU 1.1) for R4: profile URLs and the
/// parameter names of the <c>backport-subscription-status-r4</c> Parameters. Kept in one place
/// so the builders and the test conformance checker cannot drift apart.
/// </summary>
public static class BackportNames
{
    public const string StatusProfile =
        "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status-r4";

    public const string NotificationProfile =
        "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-notification-r4";

    public const string Subscription = "subscription";
    public const string Topic = "topic";
    public const string Status = "status";
    public const string Type = "type";
    public const string EventsSinceSubscriptionStart = "events-since-subscription-start";
    public const string NotificationEvent = "notification-event";
    public const string Error = "error";

    public const string EventNumber = "event-number";
    public const string Timestamp = "timestamp";
    public const string Focus = "focus";
    public const string AdditionalContext = "additional-context";

    /// <summary>The base URL without a trailing slash, so joined URLs never carry "//".</summary>
    public static string TrimBase(string fhirBaseUrl) => fhirBaseUrl.TrimEnd('/');

    /// <summary>SUB-26: <c>[base]/Subscription/{id}</c>, absolute and never versioned.</summary>
    public static string SubscriptionUrl(string fhirBaseUrl, string subscriptionId) =>
        $"{TrimBase(fhirBaseUrl)}/Subscription/{subscriptionId}";

    /// <summary>SUB-25: entry[0].request.url, the <c>$status</c> call this status resource answers.</summary>
    public static string StatusRequestUrl(string fhirBaseUrl, string subscriptionId) =>
        SubscriptionUrl(fhirBaseUrl, subscriptionId) + "/$status";

    /// <summary>
    /// The absolute, unversioned URL of a resource: both the entry's fullUrl and the focus /
    /// additional-context reference, so a client can match them by plain string equality (SUB-21).
    /// </summary>
    public static string ResourceUrl(string fhirBaseUrl, string type, string id) =>
        $"{TrimBase(fhirBaseUrl)}/{type}/{id}";
}
