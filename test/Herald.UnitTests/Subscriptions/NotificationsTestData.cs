using Hl7.Fhir.Model;
using Herald.Core.Storage;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;

namespace Herald.UnitTests.Subscriptions;

/// <summary>Stored versions and events shared by the notification tests.</summary>
internal static class NotificationsTestData
{
    public const string BaseUrl = "https://herald.example/fhir";
    public const string Topic = "http://herald.example/topics/encounter-start";
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static ResourceVersion Version(string type, string id, long version, Interaction interaction) => new(
        "default", type, id, version, T0.AddMinutes(version), interaction,
        interaction == Interaction.Delete
            ? null
            : $$$"""{"resourceType":"{{{type}}}","id":"{{{id}}}","meta":{"versionId":"{{{version}}}","lastUpdated":"{{{T0.AddMinutes(version):yyyy-MM-ddTHH:mm:ssZ}}}"}{{{Required(type)}}}}""",
        version);

    // Stored JSON is valid FHIR; Encounter needs status and class to parse back.
    private static string Required(string type) =>
        type == "Encounter" ? ""","status":"in-progress","class":{"code":"AMB"}""" : "";

    public static readonly ResourceVersion PatientV1 = Version("Patient", "p1", 1, Interaction.Create);
    public static readonly ResourceVersion EncounterCreated = Version("Encounter", "e1", 1, Interaction.Create);
    public static readonly ResourceVersion EncounterUpdated = Version("Encounter", "e1", 2, Interaction.Update);
    public static readonly ResourceVersion EncounterDeleted = Version("Encounter", "e2", 3, Interaction.Delete);

    /// <summary>Events 5..7: a create, an update and a delete; the first two name the patient as context.</summary>
    public static IReadOnlyList<NotificationEvent> Events() =>
    [
        new(5, T0.AddMinutes(1), EncounterCreated, [PatientV1]),
        new(6, T0.AddMinutes(2), EncounterUpdated, [PatientV1]),
        new(7, T0.AddMinutes(3), EncounterDeleted, []),
    ];

    public static NotificationSubject Subject(PayloadContent content, long count = 7, string status = "active") =>
        new("sub-1", Topic, status, content, count, BaseUrl + "/");

    public static ExpectedNotification Expected(NotificationType type, PayloadContent content, long count = 7) =>
        new(BaseUrl, "sub-1", type, content)
        {
            TopicUrl = Topic,
            EventsSinceSubscriptionStart = count,
            EventNumbers = type is NotificationType.EventNotification or NotificationType.QueryEvent ? [5, 6, 7] : [],
        };

    /// <summary>The value of the one parameter named <paramref name="name"/>; fails the test if absent.</summary>
    public static DataType Value(Parameters parameters, string name) =>
        Assert.Single(parameters.Parameter, p => p.Name == name).Value!;

    public static DataType Part(Parameters.ParameterComponent parameter, string name) =>
        Assert.Single(parameter.Part, p => p.Name == name).Value!;

    public static Parameters Status(Bundle bundle) => Assert.IsType<Parameters>(bundle.Entry[0].Resource);

    public static List<Parameters.ParameterComponent> EventsOf(Bundle bundle) =>
        Status(bundle).Parameter.Where(p => p.Name == "notification-event").ToList();

    public static TheoryData<NotificationType, PayloadContent> AllTypesAndContents()
    {
        var data = new TheoryData<NotificationType, PayloadContent>();
        foreach (var type in Enum.GetValues<NotificationType>())
        {
            foreach (var content in Enum.GetValues<PayloadContent>())
            {
                data.Add(type, content);
            }
        }

        return data;
    }
}
