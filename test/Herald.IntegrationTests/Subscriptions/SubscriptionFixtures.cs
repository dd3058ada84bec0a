using Hl7.Fhir.Model;
using Herald.Subscriptions.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace Herald.IntegrationTests.Subscriptions;

/// <summary>Topics, subscriptions and hosts for the subscription tests.</summary>
public static class SubscriptionFixtures
{
    public const string EncounterTopicUrl = "http://example.org/topics/encounter-any";
    private const string Ext = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.";
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    /// <summary>A host whose "test-recorder" channel records notifications.</summary>
    public static (HeraldFactory Factory, RecordingChannel Channel) Host(string? dataDir = null, IDictionary<string, string?>? settings = null)
    {
        var channel = new RecordingChannel();

        // Links in notifications are built from the configured base (there is no request to take
        // them from); make it the test client's own base so both agree.
        settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Herald:BaseUrl"] = "http://localhost" };
        var factory = new HeraldFactory(settings, services =>
        {
            services.AddKeyedSingleton<ISubscriptionChannel>(RecordingChannel.Type, channel);
            services.Configure<ChannelTypeOptions>(o => o.Types.Add(RecordingChannel.Type));
        }, dataDir);
        return (factory, channel);
    }

    /// <summary>A topic on Encounter create/update/delete, filterable by patient and status.</summary>
    public static Basic EncounterTopic(string url = EncounterTopicUrl, string? currentCriteria = null, params string[] interactions)
    {
        var trigger = new Extension { Url = Ext + "resourceTrigger" };
        trigger.Extension.Add(new Extension("resource", new FhirUri("http://hl7.org/fhir/StructureDefinition/Encounter")));
        foreach (var interaction in interactions)
        {
            trigger.Extension.Add(new Extension("supportedInteraction", new Code(interaction)));
        }

        if (currentCriteria is not null)
        {
            var query = new Extension { Url = "queryCriteria" };
            query.Extension.Add(new Extension("current", new FhirString(currentCriteria)));
            query.Extension.Add(new Extension("resultForDelete", new Code("test-fails")));
            trigger.Extension.Add(query);
        }

        var basic = new Basic
        {
            Code = new CodeableConcept("http://hl7.org/fhir/fhir-types", "SubscriptionTopic"),
            Extension =
            [
                new Extension(Ext + "url", new FhirUri(url)),
                new Extension(Ext + "status", new Code("active")),
                trigger,
                CanFilterBy("Encounter", "patient"),
                CanFilterBy("Encounter", "status"),
            ],
        };
        var shape = new Extension { Url = Ext + "notificationShape" };
        shape.Extension.Add(new Extension("resource", new FhirUri("http://hl7.org/fhir/StructureDefinition/Encounter")));
        shape.Extension.Add(new Extension("include", new FhirString("Encounter:patient")));
        basic.Extension.Add(shape);
        return basic;
    }

    private static Extension CanFilterBy(string resource, string parameter)
    {
        var filter = new Extension { Url = Ext + "canFilterBy" };
        filter.Extension.Add(new Extension("resource", new FhirUri($"http://hl7.org/fhir/StructureDefinition/{resource}")));
        filter.Extension.Add(new Extension("filterParameter", new FhirString(parameter)));
        return filter;
    }

    /// <summary>A subscription on the recording channel.</summary>
    public static Subscription Subscription(string topicUrl = EncounterTopicUrl, string content = "id-only", params string[] filters)
    {
        var subscription = new Subscription
        {
            Status = Hl7.Fhir.Model.Subscription.SubscriptionStatus.Requested,
            Reason = "test",
            Criteria = topicUrl,
            Channel = new Hl7.Fhir.Model.Subscription.ChannelComponent
            {
                Type = Hl7.Fhir.Model.Subscription.SubscriptionChannelType.RestHook,
                Endpoint = "http://receiver.invalid/hook",
                Payload = "application/fhir+json",
                Header = ["Authorization: Bearer secret"],
            },
        };
        subscription.Channel.TypeElement.Extension.Add(new Extension(Backport + "backport-channel-type",
            new Coding("http://example.org/channel-types", RecordingChannel.Type)));
        subscription.Channel.PayloadElement.Extension.Add(new Extension(Backport + "backport-payload-content", new Code(content)));
        foreach (var filter in filters)
        {
            subscription.CriteriaElement.Extension.Add(new Extension(Backport + "backport-filter-criteria", new FhirString(filter)));
        }

        return subscription;
    }

    public static Encounter Encounter(string patientId, Encounter.EncounterStatus status = Hl7.Fhir.Model.Encounter.EncounterStatus.InProgress) => new()
    {
        Status = status,
        Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
        Subject = new ResourceReference($"Patient/{patientId}"),
    };
}
