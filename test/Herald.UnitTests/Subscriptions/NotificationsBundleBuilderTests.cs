using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using static Herald.UnitTests.Subscriptions.NotificationsTestData;

namespace Herald.UnitTests.Subscriptions;

public sealed class NotificationsBundleBuilderTests
{
    [Theory]
    [MemberData(nameof(NotificationsTestData.AllTypesAndContents), MemberType = typeof(NotificationsTestData))]
    public void Build_AnyTypeAndContent_IsConformant(NotificationType type, PayloadContent content)
    {
        var bundle = NotificationBundleBuilder.Build(Subject(content), type, Events());

        Assert.Empty(NotificationBundleConformance.Check(bundle, Expected(type, content)));
    }

    [Theory]
    [MemberData(nameof(NotificationsTestData.AllTypesAndContents), MemberType = typeof(NotificationsTestData))]
    public void Build_AnyTypeAndContent_StatusEntryAnswersStatusCall(NotificationType type, PayloadContent content)
    {
        var bundle = NotificationBundleBuilder.Build(Subject(content), type, Events());

        Assert.Equal(Bundle.BundleType.History, bundle.Type);
        Assert.NotNull(bundle.Timestamp);
        var status = bundle.Entry[0];
        Assert.StartsWith("urn:uuid:", status.FullUrl, StringComparison.Ordinal);
        Assert.Equal(Bundle.HTTPVerb.GET, status.Request!.Method);
        Assert.Equal(BaseUrl + "/Subscription/sub-1/$status", status.Request.Url);
        Assert.Equal("200", status.Response!.Status);

        var parameters = Assert.IsType<Parameters>(status.Resource);
        Assert.Contains(BackportNames.StatusProfile, parameters.Meta!.Profile);
        Assert.Equal(BaseUrl + "/Subscription/sub-1", Assert.IsType<ResourceReference>(Value(parameters, "subscription")).Reference);
        Assert.Equal(type.ToCode(), Assert.IsType<Code>(Value(parameters, "type")).Value);
        Assert.Equal("active", Assert.IsType<Code>(Value(parameters, "status")).Value);
        Assert.Equal("7", Assert.IsType<FhirString>(Value(parameters, "events-since-subscription-start")).Value);
    }

    [Theory]
    [InlineData(NotificationType.Handshake)]
    [InlineData(NotificationType.Heartbeat)]
    [InlineData(NotificationType.QueryStatus)]
    public void Build_TypeWithoutEvents_DropsEventsAndEntries(NotificationType type)
    {
        var bundle = NotificationBundleBuilder.Build(Subject(PayloadContent.FullResource), type, Events());

        var parameters = Assert.IsType<Parameters>(Assert.Single(bundle.Entry).Resource);
        Assert.DoesNotContain(parameters.Parameter, p => p.Name == "notification-event");
    }

    [Fact]
    public void Build_Handshake_KeepsTheCallersStatusAndCount()
    {
        var bundle = NotificationBundleBuilder.Build(Subject(PayloadContent.IdOnly, count: 0, status: "requested"), NotificationType.Handshake, []);

        var parameters = Status(bundle);
        Assert.Equal("requested", ((Code)Value(parameters, "status")).Value);
        Assert.Equal("0", ((FhirString)Value(parameters, "events-since-subscription-start")).Value);
        Assert.Empty(NotificationBundleConformance.Check(bundle, Expected(NotificationType.Handshake, PayloadContent.IdOnly, 0) with { Status = "requested" }));
    }

    [Fact]
    public void Build_Empty_HasEventNumbersButNoTopicFocusOrEntries()
    {
        var bundle = NotificationBundleBuilder.Build(Subject(PayloadContent.Empty), NotificationType.EventNotification, Events());

        var parameters = Assert.IsType<Parameters>(Assert.Single(bundle.Entry).Resource);
        Assert.DoesNotContain(parameters.Parameter, p => p.Name == "topic");
        var events = EventsOf(bundle);
        Assert.Equal(["5", "6", "7"], events.Select(e => ((FhirString)Part(e, "event-number")).Value));
        Assert.All(events, e => Assert.DoesNotContain(e.Part, p => p.Name is "focus" or "additional-context"));
        Assert.All(events, e => Assert.IsType<Instant>(Part(e, "timestamp")));
    }

    [Fact]
    public void Build_IdOnly_OneEntryPerVersionWithRequestAndNoResource()
    {
        var bundle = NotificationBundleBuilder.Build(Subject(PayloadContent.IdOnly), NotificationType.EventNotification, Events());

        // Encounter/e1 v1, Patient/p1 v1 (once, though two events name it), Encounter/e1 v2, Encounter/e2 v3.
        var entries = bundle.Entry.Skip(1).ToList();
        Assert.Equal(
            ["POST Encounter", "GET Patient/p1", "PUT Encounter/e1", "DELETE Encounter/e2"],
            entries.Select(e => $"{e.Request!.Method} {e.Request.Url}"));
        Assert.Equal(["201", "200", "200", "204"], entries.Select(e => e.Response!.Status));
        Assert.Equal(["W/\"1\"", "W/\"1\"", "W/\"2\"", "W/\"3\""], entries.Select(e => e.Response!.Etag));
        Assert.All(entries, e => Assert.Null(e.Resource));
        Assert.Equal(BaseUrl + "/Encounter/e1", entries[0].FullUrl);
        Assert.Equal(T0.AddMinutes(1), entries[0].Response!.LastModified);
    }

    [Fact]
    public void Build_FullResource_CarriesTheTriggeringVersionAndNoBodyForDelete()
    {
        var bundle = NotificationBundleBuilder.Build(Subject(PayloadContent.FullResource), NotificationType.EventNotification, Events());

        var entries = bundle.Entry.Skip(1).ToList();
        Assert.Equal("1", Assert.IsType<Encounter>(entries[0].Resource).Meta!.VersionId);
        Assert.Equal("p1", Assert.IsType<Patient>(entries[1].Resource).Id);
        Assert.Equal("2", Assert.IsType<Encounter>(entries[2].Resource).Meta!.VersionId);
        Assert.Null(entries[3].Resource);
        Assert.Equal(Bundle.HTTPVerb.DELETE, entries[3].Request!.Method);

        var first = EventsOf(bundle)[0];
        Assert.Equal(BaseUrl + "/Encounter/e1", ((ResourceReference)Part(first, "focus")).Reference);
        Assert.Equal(BaseUrl + "/Patient/p1", ((ResourceReference)Part(first, "additional-context")).Reference);
    }

    [Fact]
    public void Build_EventsOutOfOrder_AreWrittenAscending()
    {
        var events = Events().Reverse().ToList();

        var bundle = NotificationBundleBuilder.Build(Subject(PayloadContent.IdOnly), NotificationType.QueryEvent, events);

        var numbers = EventsOf(bundle).Select(e => ((FhirString)Part(e, "event-number")).Value);
        Assert.Equal(["5", "6", "7"], numbers);
    }

    [Fact]
    public void Build_Errors_WrittenAsErrorParameters()
    {
        var subject = Subject(PayloadContent.Empty, status: "error") with { Errors = ["endpoint answered 500"] };

        var bundle = NotificationBundleBuilder.Build(subject, NotificationType.Heartbeat, [], T0);

        Assert.Equal("endpoint answered 500", Assert.IsType<CodeableConcept>(Value(Status(bundle), "error")).Text);
        Assert.Equal(T0, bundle.Timestamp);
        Assert.Empty(NotificationBundleConformance.Check(bundle, Expected(NotificationType.Heartbeat, PayloadContent.Empty) with { Status = "error" }));
    }

    [Fact]
    public void Build_SerializedAndParsedAgain_StaysConformant()
    {
        var bundle = NotificationBundleBuilder.Build(Subject(PayloadContent.FullResource), NotificationType.EventNotification, Events());

        var json = Herald.Core.Fhir.FhirSerializer.Instance.ToStorageJson(bundle);
        var parsed = (Bundle)Herald.Core.Fhir.FhirSerializer.Instance.FromStorageJson(json);

        Assert.Contains("\"valueString\":\"7\"", json, StringComparison.Ordinal);
        Assert.Empty(NotificationBundleConformance.Check(parsed, Expected(NotificationType.EventNotification, PayloadContent.FullResource)));
    }
}
