using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;

namespace Herald.TestSupport;

/// <summary>
/// Checks an R4 notification bundle (any type, any content level) against every rule of the
/// Subscriptions Backport IG that Herald implements: SUB-14..SUB-22, SUB-25, SUB-26. Returns the
/// violations, each a sentence starting with its rule; an empty list means conformant. Works on
/// bundles built in memory and on bundles parsed from what a channel received.
/// </summary>
public static class NotificationBundleConformance
{
    public static IReadOnlyList<string> Check(Bundle bundle, ExpectedNotification expected)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(expected);
        var violations = new List<string>();

        if (bundle.Type != Bundle.BundleType.History)
        {
            violations.Add($"SUB-22: Bundle.type must be history, found {bundle.Type?.ToString() ?? "(absent)"}.");
        }

        if (bundle.Timestamp is null)
        {
            violations.Add("SUB-22: Bundle.timestamp is not set.");
        }

        if (bundle.Entry.Count == 0 || bundle.Entry[0].Resource is not Parameters parameters)
        {
            violations.Add("SUB-22: entry[0] must be the status Parameters (backport-notification-bundle-r4-1).");
            return violations;
        }

        // bdl-3 / bdl-4: a history bundle has request and response on every entry.
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            CheckRequestResponse(bundle.Entry[i], i, violations);
        }

        CheckStatusEntry(bundle.Entry[0], expected, violations);
        var events = StatusParametersConformance.Check(parameters, expected, violations);
        var others = bundle.Entry.Skip(1).ToList();

        if (expected.Content == PayloadContent.Empty)
        {
            if (others.Count > 0)
            {
                violations.Add($"SUB-19: an empty notification has only the status entry, found {others.Count} more.");
            }

            return violations;
        }

        NotificationEntryConformance.Check(others, events, expected, violations);
        return violations;
    }

    /// <summary>Fails the test with every violation listed, so one run shows all that is wrong.</summary>
    public static void AssertConformant(Bundle bundle, ExpectedNotification expected)
    {
        var violations = Check(bundle, expected);
        if (violations.Count > 0)
        {
            Assert.Fail("The notification bundle is not conformant:\n- " + string.Join("\n- ", violations));
        }
    }

    private static void CheckRequestResponse(Bundle.EntryComponent entry, int index, List<string> violations)
    {
        if (entry.Request?.Method is null || string.IsNullOrEmpty(entry.Request.Url))
        {
            violations.Add($"SUB-25: entry[{index}] has no request (method and url).");
        }

        if (string.IsNullOrEmpty(entry.Response?.Status))
        {
            violations.Add($"SUB-25: entry[{index}] has no response.status.");
        }
    }

    private static void CheckStatusEntry(Bundle.EntryComponent entry, ExpectedNotification expected, List<string> violations)
    {
        if (entry.FullUrl?.StartsWith("urn:uuid:", StringComparison.Ordinal) != true)
        {
            violations.Add($"SUB-22: entry[0].fullUrl must be a urn:uuid:, found '{entry.FullUrl}'.");
        }

        var want = BackportNames.StatusRequestUrl(expected.FhirBaseUrl, expected.SubscriptionId);
        if (entry.Request is { } request && (request.Method != Bundle.HTTPVerb.GET || request.Url != want))
        {
            violations.Add($"SUB-25: entry[0].request must be GET {want}, found {request.Method} {request.Url}.");
        }

        if (entry.Response?.Status is { } status && !status.StartsWith("200", StringComparison.Ordinal))
        {
            violations.Add($"SUB-25: entry[0].response.status must be 200, found '{status}'.");
        }
    }
}
