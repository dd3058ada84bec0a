using System.Text;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>Text frames: bundles in the subscription's payload format, outcomes in JSON.</summary>
public static class WebSocketFrames
{
    /// <summary>Serialized once and shared by every socket the notification goes to.</summary>
    public static byte[] Bundle(SubscriptionInfo subscription, Bundle bundle)
    {
        var format = subscription.PayloadMimeType == "application/fhir+xml" ? FhirFormat.Xml : FhirFormat.Json;
        return Encoding.UTF8.GetBytes(FhirSerializer.Instance.Serialize(bundle, format));
    }

    public static byte[] Outcome(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type, string message)
    {
        var outcome = new OperationOutcome
        {
            Issue = [new OperationOutcome.IssueComponent { Severity = severity, Code = type, Diagnostics = message }],
        };
        return Encoding.UTF8.GetBytes(FhirSerializer.Instance.Serialize(outcome, FhirFormat.Json));
    }
}
