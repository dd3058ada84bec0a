using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;

namespace Herald.TestSupport;

/// <summary>
/// Checks a <c>$status</c> answer (SUB-38, SUB-17): a searchset Bundle with one query-status
/// Parameters per subscription, each entry with a fullUrl and search.mode = match, total set.
/// <paramref name="expected"/> lists the subscriptions in entry order.
/// </summary>
public static class StatusBundleConformance
{
    public static IReadOnlyList<string> Check(Bundle bundle, IReadOnlyList<ExpectedNotification> expected)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(expected);
        var violations = new List<string>();

        if (bundle.Type != Bundle.BundleType.Searchset)
        {
            violations.Add($"SUB-38: the $status Bundle.type must be searchset, found {bundle.Type?.ToString() ?? "(absent)"}.");
        }

        if (bundle.Total != bundle.Entry.Count)
        {
            violations.Add($"SUB-38: Bundle.total is {bundle.Total?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(absent)"}, entries {bundle.Entry.Count}.");
        }

        if (bundle.Entry.Count != expected.Count)
        {
            violations.Add($"SUB-38: {bundle.Entry.Count} status entries, expected {expected.Count}.");
        }

        for (var i = 0; i < Math.Min(bundle.Entry.Count, expected.Count); i++)
        {
            var entry = bundle.Entry[i];
            if (string.IsNullOrEmpty(entry.FullUrl))
            {
                violations.Add($"SUB-38: entry[{i}] has no fullUrl.");
            }

            if (entry.Search?.Mode != Bundle.SearchEntryMode.Match)
            {
                violations.Add($"SUB-38: entry[{i}].search.mode must be match.");
            }

            if (entry.Resource is not Parameters parameters)
            {
                violations.Add($"SUB-38: entry[{i}] is not a status Parameters.");
                continue;
            }

            StatusParametersConformance.Check(parameters, expected[i] with { Type = NotificationType.QueryStatus }, violations);
        }

        return violations;
    }
}
