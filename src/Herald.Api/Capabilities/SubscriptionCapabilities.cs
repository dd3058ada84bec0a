using Hl7.Fhir.Model;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Api.Capabilities;

/// <summary>What the CapabilityStatement says about subscriptions (SUB-04, SUB-06).</summary>
public static class SubscriptionCapabilities
{
    public const string ServerCapabilityStatement = "http://hl7.org/fhir/uv/subscriptions-backport/CapabilityStatement/backport-subscription-server-r4";
    private const string OperationBase = "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/";

    public static void Describe(CapabilityStatement.ResourceComponent subscription, IReadOnlyList<string> topicUrls)
    {
        subscription.SupportedProfileElement.Add(new Canonical(BackportExtensions.SubscriptionProfile));
        foreach (var url in topicUrls)
        {
            subscription.Extension.Add(new Extension(BackportExtensions.TopicCanonical, new Canonical(url)));
        }

        subscription.Operation.Add(new CapabilityStatement.OperationComponent { Name = "status", Definition = OperationBase + "backport-subscription-status" });
        subscription.Operation.Add(new CapabilityStatement.OperationComponent { Name = "events", Definition = OperationBase + "backport-subscription-events" });
        subscription.Operation.Add(new CapabilityStatement.OperationComponent { Name = "get-ws-binding-token", Definition = OperationBase + "backport-subscription-get-ws-binding-token" });
    }
}
