using System.Globalization;

namespace Herald.LoadTest;

/// <summary>The topic, subscriptions and Encounters of the subscription benchmark, as JSON a client would send.</summary>
public static class SubscriptionDocuments
{
    public const string TopicUrl = "http://example.org/topics/bench-encounter-create";
    private const string Ext = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.";
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private const string EncounterDefinition = "http://hl7.org/fhir/StructureDefinition/Encounter";

    /// <summary>Encounter create, filterable by patient.</summary>
    public static string Topic() =>
        "{\"resourceType\":\"Basic\",\"code\":{\"coding\":[{\"system\":\"http://hl7.org/fhir/fhir-types\",\"code\":\"SubscriptionTopic\"}]},\"extension\":["
        + "{\"url\":\"" + Ext + "url\",\"valueUri\":\"" + TopicUrl + "\"},"
        + "{\"url\":\"" + Ext + "status\",\"valueCode\":\"active\"},"
        + "{\"url\":\"" + Ext + "resourceTrigger\",\"extension\":[{\"url\":\"resource\",\"valueUri\":\"" + EncounterDefinition + "\"},{\"url\":\"supportedInteraction\",\"valueCode\":\"create\"}]},"
        + "{\"url\":\"" + Ext + "canFilterBy\",\"extension\":[{\"url\":\"resource\",\"valueUri\":\"" + EncounterDefinition + "\"},{\"url\":\"filterParameter\",\"valueString\":\"patient\"}]}]}";

    public static string PatientId(int n) => "p" + n.ToString(CultureInfo.InvariantCulture);

    /// <summary>A subscription on the null channel, filtered on one patient, id-only payload.</summary>
    public static string Subscription(int patient) =>
        "{\"resourceType\":\"Subscription\",\"status\":\"requested\",\"reason\":\"bench\",\"criteria\":\"" + TopicUrl + "\","
        + "\"_criteria\":{\"extension\":[{\"url\":\"" + Backport + "backport-filter-criteria\",\"valueString\":\"Encounter?patient=Patient/" + PatientId(patient) + "\"}]},"
        + "\"channel\":{\"type\":\"rest-hook\",\"_type\":{\"extension\":[{\"url\":\"" + Backport + "backport-channel-type\",\"valueCoding\":{\"system\":\"http://example.org/channel-types\",\"code\":\"" + NullChannel.Type + "\"}}]},"
        + "\"endpoint\":\"http://receiver.invalid/hook\",\"payload\":\"application/fhir+json\",\"_payload\":{\"extension\":[{\"url\":\"" + Backport + "backport-payload-content\",\"valueCode\":\"id-only\"}]}}}";

    public static string Encounter(int patient, int n) =>
        "{\"resourceType\":\"Encounter\",\"status\":\"in-progress\",\"class\":{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"AMB\"},"
        + "\"subject\":{\"reference\":\"Patient/" + PatientId(patient) + "\"},"
        + "\"period\":{\"start\":\"2024-03-" + (1 + (n % 28)).ToString("00", CultureInfo.InvariantCulture) + "T09:00:00Z\"}}";
}
