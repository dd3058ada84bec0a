using Hl7.Fhir.Model;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Notifications;

/// <summary>
/// Builds the subscription status resource of R4 notifications: a <c>Parameters</c> conforming
/// to <c>backport-subscription-status-r4</c> (SUB-22). Shared by notification bundles and the
/// <c>$status</c> searchset so both say the same thing about a subscription.
/// </summary>
public static class StatusParametersBuilder
{
    public static Parameters Build(
        NotificationSubject subject,
        NotificationType type,
        IReadOnlyList<NotificationEvent> events,
        string id)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(events);

        var parameters = new Parameters
        {
            Id = id,
            Meta = new Meta { Profile = [BackportNames.StatusProfile] },
        };

        parameters.Parameter.Add(Param(BackportNames.Subscription,
            new ResourceReference(BackportNames.SubscriptionUrl(subject.FhirBaseUrl, subject.SubscriptionId))));

        // SUB-19: an empty notification SHOULD NOT name the topic (its URL can be PHI).
        if (subject.Content != PayloadContent.Empty)
        {
            parameters.Parameter.Add(Param(BackportNames.Topic, new Canonical(subject.TopicUrl)));
        }

        parameters.Parameter.Add(Param(BackportNames.Status, new Code(subject.Status)));
        parameters.Parameter.Add(Param(BackportNames.Type, new Code(type.ToCode())));

        // The R4 profile types the count as a string (R5 uses integer64); valueUnsignedInt is invalid.
        parameters.Parameter.Add(Param(BackportNames.EventsSinceSubscriptionStart,
            new FhirString(subject.EventsSinceSubscriptionStart.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        foreach (var error in subject.Errors)
        {
            parameters.Parameter.Add(Param(BackportNames.Error, new CodeableConcept { Text = error }));
        }

        // SUB-14/15/17: handshake, heartbeat and query-status carry no events, whatever was passed.
        if (CarriesEvents(type))
        {
            foreach (var e in events.OrderBy(e => e.EventNumber))
            {
                parameters.Parameter.Add(EventParameter(subject, e));
            }
        }

        return parameters;
    }

    /// <summary>Only event-notification and query-event report events (SUB-16, SUB-18).</summary>
    public static bool CarriesEvents(NotificationType type) =>
        type is NotificationType.EventNotification or NotificationType.QueryEvent;

    private static Parameters.ParameterComponent EventParameter(NotificationSubject subject, NotificationEvent e)
    {
        var parameter = new Parameters.ParameterComponent { Name = BackportNames.NotificationEvent };
        parameter.Part.Add(Param(BackportNames.EventNumber,
            new FhirString(e.EventNumber.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        parameter.Part.Add(Param(BackportNames.Timestamp, new Instant(e.Timestamp)));

        // SUB-19: empty has neither focus nor additional-context; SUB-20/21: the others SHALL have focus.
        if (subject.Content != PayloadContent.Empty)
        {
            parameter.Part.Add(Param(BackportNames.Focus, new ResourceReference(
                BackportNames.ResourceUrl(subject.FhirBaseUrl, e.Focus.Type, e.Focus.Id))));
            foreach (var context in e.AdditionalContext)
            {
                parameter.Part.Add(Param(BackportNames.AdditionalContext, new ResourceReference(
                    BackportNames.ResourceUrl(subject.FhirBaseUrl, context.Type, context.Id))));
            }
        }

        return parameter;
    }

    private static Parameters.ParameterComponent Param(string name, DataType value) => new() { Name = name, Value = value };
}
