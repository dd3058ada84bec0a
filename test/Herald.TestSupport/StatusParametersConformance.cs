using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;

namespace Herald.TestSupport;

/// <summary>
/// Checks a status <c>Parameters</c> against <c>backport-subscription-status-r4</c> (SUB-22) and
/// the per-type and per-content rules that live inside it (SUB-14..SUB-21, SUB-26). Each violation
/// is a sentence starting with the rule it breaks.
/// </summary>
public static class StatusParametersConformance
{
    private static readonly HashSet<string> StatusCodes = ["requested", "active", "error", "off", "entered-in-error"];

    /// <summary>Adds violations to <paramref name="violations"/> and returns the events it read.</summary>
    public static IReadOnlyList<CheckedEvent> Check(Parameters parameters, ExpectedNotification expected, List<string> violations)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(violations);

        if (parameters.Meta?.Profile?.Contains(BackportNames.StatusProfile) != true)
        {
            violations.Add($"SUB-22: the status Parameters does not declare meta.profile {BackportNames.StatusProfile}.");
        }

        CheckSubscription(parameters, expected, violations);
        CheckTopic(parameters, expected, violations);
        CheckCode(parameters, BackportNames.Status, expected.Status, violations, StatusCodes);
        CheckCode(parameters, BackportNames.Type, expected.Type.ToCode(), violations, null);
        var count = CheckCount(parameters, expected, violations);

        foreach (var error in Named(parameters, BackportNames.Error).Where(p => p.Value is not CodeableConcept))
        {
            violations.Add($"SUB-22: error must be a valueCodeableConcept, found {TypeOf(error.Value)}.");
        }

        var events = Named(parameters, BackportNames.NotificationEvent).Select(p => ReadEvent(p, violations)).ToList();
        CheckEventsForType(events, count, expected, violations);
        CheckEventsForContent(events, expected.Content, violations);
        return events;
    }

    private static void CheckSubscription(Parameters parameters, ExpectedNotification expected, List<string> violations)
    {
        var value = Single(parameters, BackportNames.Subscription, violations)?.Value;
        if (value is null)
        {
            return;
        }

        if (value is not ResourceReference reference || string.IsNullOrEmpty(reference.Reference))
        {
            violations.Add($"SUB-22: subscription must be a valueReference with a reference, found {TypeOf(value)}.");
            return;
        }

        var url = reference.Reference;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            violations.Add($"SUB-26: the subscription reference '{url}' is not an absolute http(s) URL.");
        }

        if (url.Contains("/_history", StringComparison.Ordinal))
        {
            violations.Add($"SUB-26: the subscription reference '{url}' must not carry _history.");
        }

        var want = BackportNames.SubscriptionUrl(expected.FhirBaseUrl, expected.SubscriptionId);
        if (url != want)
        {
            violations.Add($"SUB-26: the subscription reference is '{url}', expected '{want}'.");
        }
    }

    private static void CheckTopic(Parameters parameters, ExpectedNotification expected, List<string> violations)
    {
        var topics = Named(parameters, BackportNames.Topic).ToList();
        if (expected.Content == PayloadContent.Empty)
        {
            if (topics.Count > 0)
            {
                violations.Add("SUB-19: an empty notification must not carry topic.");
            }

            return;
        }

        if (topics.Count > 1)
        {
            violations.Add($"SUB-22: topic is 0..1, found {topics.Count}.");
        }

        foreach (var topic in topics.Where(t => t.Value is not Canonical))
        {
            violations.Add($"SUB-22: topic must be a valueCanonical, found {TypeOf(topic.Value)}.");
        }

        if (expected.TopicUrl is not null)
        {
            var actual = (topics.FirstOrDefault()?.Value as Canonical)?.Value;
            if (actual != expected.TopicUrl)
            {
                violations.Add($"SUB-22: topic is '{actual ?? "(absent)"}', expected '{expected.TopicUrl}'.");
            }
        }
    }

    private static void CheckCode(Parameters parameters, string name, string? want, List<string> violations, HashSet<string>? allowed)
    {
        var value = Single(parameters, name, violations)?.Value;
        if (value is null)
        {
            return;
        }

        if (value is not Code code || string.IsNullOrEmpty(code.Value))
        {
            violations.Add($"SUB-22: {name} must be a valueCode, found {TypeOf(value)}.");
            return;
        }

        if (allowed is not null && !allowed.Contains(code.Value))
        {
            violations.Add($"SUB-22: {name} '{code.Value}' is not a subscription status code.");
        }

        if (want is not null && code.Value != want)
        {
            violations.Add($"SUB-22: {name} is '{code.Value}', expected '{want}'.");
        }
    }

    private static long? CheckCount(Parameters parameters, ExpectedNotification expected, List<string> violations)
    {
        var value = Single(parameters, BackportNames.EventsSinceSubscriptionStart, violations)?.Value;
        if (value is null)
        {
            return null;
        }

        // R4: valueString. valueUnsignedInt / valueInteger / valueInteger64 are the classic mistakes.
        if (value is not FhirString text)
        {
            violations.Add($"SUB-22: events-since-subscription-start must be a valueString, found {TypeOf(value)}.");
            return null;
        }

        if (!long.TryParse(text.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            violations.Add($"SUB-22: events-since-subscription-start '{text.Value}' is not a non-negative integer.");
            return null;
        }

        if (expected.EventsSinceSubscriptionStart is { } want && count != want)
        {
            violations.Add($"SUB-14/15/17/18: events-since-subscription-start is {count}, expected {want}.");
        }

        return count;
    }

    private static CheckedEvent ReadEvent(Parameters.ParameterComponent parameter, List<string> violations)
    {
        if (parameter.Value is not null)
        {
            violations.Add("SUB-22: notification-event must have parts, not a value.");
        }

        long? number = null;
        var numbers = parameter.Part.Where(p => p.Name == BackportNames.EventNumber).ToList();
        if (numbers.Count != 1)
        {
            violations.Add($"SUB-22: notification-event needs exactly one event-number, found {numbers.Count}.");
        }
        else if (numbers[0].Value is not FhirString text)
        {
            violations.Add($"SUB-22: event-number must be a valueString, found {TypeOf(numbers[0].Value)}.");
        }
        else if (long.TryParse(text.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            number = n;
        }
        else
        {
            violations.Add($"SUB-22: event-number '{text.Value}' is not a positive integer.");
        }

        var timestamps = parameter.Part.Where(p => p.Name == BackportNames.Timestamp).ToList();
        if (timestamps.Count > 1 || timestamps.Any(t => t.Value is not Instant))
        {
            violations.Add("SUB-22: notification-event timestamp is 0..1 valueInstant.");
        }

        var foci = References(parameter, BackportNames.Focus, violations);
        if (foci.Count > 1)
        {
            violations.Add($"SUB-22: notification-event focus is 0..1, found {foci.Count}.");
        }

        return new CheckedEvent(number, foci.FirstOrDefault(), References(parameter, BackportNames.AdditionalContext, violations));
    }

    private static List<string> References(Parameters.ParameterComponent parameter, string name, List<string> violations)
    {
        var result = new List<string>();
        foreach (var part in parameter.Part.Where(p => p.Name == name))
        {
            if (part.Value is ResourceReference { Reference: { Length: > 0 } reference })
            {
                result.Add(reference);
            }
            else
            {
                violations.Add($"SUB-22: {name} must be a valueReference with a reference, found {TypeOf(part.Value)}.");
            }
        }

        return result;
    }

    private static void CheckEventsForType(List<CheckedEvent> events, long? count, ExpectedNotification expected, List<string> violations)
    {
        var code = expected.Type.ToCode();
        if (!StatusParametersBuilder.CarriesEvents(expected.Type))
        {
            if (events.Count > 0)
            {
                violations.Add($"SUB-14/15/17: a {code} must not carry notification-event, found {events.Count}.");
            }

            return;
        }

        if (events.Count == 0)
        {
            violations.Add($"SUB-16/18: a {code} must carry at least one notification-event.");
            return;
        }

        var numbers = events.Where(e => e.Number is not null).Select(e => e.Number!.Value).ToList();
        for (var i = 1; i < numbers.Count; i++)
        {
            if (numbers[i] <= numbers[i - 1])
            {
                violations.Add($"SUB-16: event numbers must ascend; {numbers[i]} follows {numbers[i - 1]}.");
            }
        }

        if (numbers.Count > 0 && count is not null)
        {
            var highest = numbers.Max();
            if (expected.Type == NotificationType.EventNotification && highest != count)
            {
                violations.Add($"SUB-16: the highest event number {highest} differs from events-since-subscription-start {count}.");
            }
            else if (highest > count)
            {
                violations.Add($"SUB-18: event number {highest} is beyond events-since-subscription-start {count}.");
            }
        }

        if (expected.EventNumbers is not null && !numbers.SequenceEqual(expected.EventNumbers))
        {
            violations.Add($"SUB-16: event numbers are [{string.Join(",", numbers)}], expected [{string.Join(",", expected.EventNumbers)}].");
        }
    }

    private static void CheckEventsForContent(List<CheckedEvent> events, PayloadContent content, List<string> violations)
    {
        foreach (var e in events)
        {
            if (content == PayloadContent.Empty && (e.Focus is not null || e.AdditionalContext.Count > 0))
            {
                violations.Add($"SUB-19: event {e.Number} of an empty notification carries focus or additional-context.");
            }
            else if (content != PayloadContent.Empty && e.Focus is null)
            {
                violations.Add($"SUB-20/21: event {e.Number} of a {content.ToCode()} notification has no focus.");
            }
        }
    }

    private static IEnumerable<Parameters.ParameterComponent> Named(Parameters parameters, string name) =>
        parameters.Parameter.Where(p => p.Name == name);

    private static Parameters.ParameterComponent? Single(Parameters parameters, string name, List<string> violations)
    {
        var found = Named(parameters, name).ToList();
        if (found.Count != 1)
        {
            violations.Add($"SUB-22: {name} is required exactly once, found {found.Count}.");
            return null;
        }

        if (found[0].Value is null)
        {
            violations.Add($"SUB-22: {name} has no value.");
        }

        return found[0];
    }

    private static string TypeOf(DataType? value) => value is null ? "no value" : "value" + value.TypeName[..1].ToUpperInvariant() + value.TypeName[1..];
}
