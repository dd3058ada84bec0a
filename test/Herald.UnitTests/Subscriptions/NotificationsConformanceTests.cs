using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using static Herald.UnitTests.Subscriptions.NotificationsTestData;

namespace Herald.UnitTests.Subscriptions;

/// <summary>The checker must catch each broken rule, or a green conformance test proves nothing.</summary>
public sealed class NotificationsConformanceTests
{
    private static Bundle Built(PayloadContent content, NotificationType type = NotificationType.EventNotification) =>
        NotificationBundleBuilder.Build(Subject(content), type, Events());

    private static IReadOnlyList<string> Check(Bundle bundle, PayloadContent content, NotificationType type = NotificationType.EventNotification) =>
        NotificationBundleConformance.Check(bundle, Expected(type, content));

    private static void AssertReported(IReadOnlyList<string> violations, string fragment) =>
        Assert.Contains(violations, v => v.Contains(fragment, StringComparison.Ordinal));

    [Fact]
    public void Check_WrongBundleType_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        bundle.Type = Bundle.BundleType.Collection;

        AssertReported(Check(bundle, PayloadContent.IdOnly), "Bundle.type must be history");
    }

    [Fact]
    public void Check_CountAsUnsignedInt_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        Status(bundle).Parameter.Single(p => p.Name == "events-since-subscription-start").Value = new UnsignedInt(7);

        AssertReported(Check(bundle, PayloadContent.IdOnly), "events-since-subscription-start must be a valueString, found valueUnsignedInt");
    }

    [Fact]
    public void Check_EventNumberAsInteger_Reported()
    {
        var bundle = Built(PayloadContent.Empty);
        EventsOf(bundle)[0].Part.Single(p => p.Name == "event-number").Value = new Integer(5);

        AssertReported(Check(bundle, PayloadContent.Empty), "event-number must be a valueString");
    }

    [Fact]
    public void Check_MissingRequest_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        bundle.Entry[2].Request = null;

        AssertReported(Check(bundle, PayloadContent.IdOnly), "entry[2] has no request");
    }

    [Fact]
    public void Check_MissingResponse_Reported()
    {
        var bundle = Built(PayloadContent.Empty);
        bundle.Entry[0].Response = null;

        AssertReported(Check(bundle, PayloadContent.Empty), "entry[0] has no response.status");
    }

    [Fact]
    public void Check_StatusRequestNotStatusOperation_Reported()
    {
        var bundle = Built(PayloadContent.Empty);
        bundle.Entry[0].Request!.Url = BaseUrl + "/Subscription/sub-1";

        AssertReported(Check(bundle, PayloadContent.Empty), "entry[0].request must be GET");
    }

    [Fact]
    public void Check_FocusWithoutEntry_Reported()
    {
        var bundle = Built(PayloadContent.FullResource);
        bundle.Entry.RemoveAt(1); // Encounter/e1 v1, the focus of event 5 (v2 keeps the same fullUrl, so retarget).
        ((ResourceReference)Part(EventsOf(bundle)[2], "focus")).Reference = BaseUrl + "/Encounter/missing";

        AssertReported(Check(bundle, PayloadContent.FullResource), "references 'https://herald.example/fhir/Encounter/missing' but no entry");
    }

    [Fact]
    public void Check_ResourceInIdOnly_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        bundle.Entry[1].Resource = new Encounter { Id = "e1" };

        AssertReported(Check(bundle, PayloadContent.IdOnly), "id-only notification carries a resource");
    }

    [Fact]
    public void Check_FullResourceWithoutResource_Reported()
    {
        var bundle = Built(PayloadContent.FullResource);
        bundle.Entry[1].Resource = null;

        AssertReported(Check(bundle, PayloadContent.FullResource), "full-resource notification has no resource");
    }

    [Fact]
    public void Check_EmptyWithFocusTopicAndEntries_AllReported()
    {
        // An id-only bundle presented as empty breaks all three empty rules at once.
        var violations = Check(Built(PayloadContent.IdOnly), PayloadContent.Empty);

        AssertReported(violations, "empty notification must not carry topic");
        AssertReported(violations, "carries focus or additional-context");
        AssertReported(violations, "only the status entry");
    }

    [Fact]
    public void Check_IdOnlyEventWithoutFocus_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        EventsOf(bundle)[2].Part.RemoveAll(p => p.Name == "focus");

        var violations = Check(bundle, PayloadContent.IdOnly);

        AssertReported(violations, "event 7 of a id-only notification has no focus");
        AssertReported(violations, "Encounter/e2' is not a focus or additional-context");
    }

    [Fact]
    public void Check_SubscriptionReferenceRelativeOrVersioned_Reported()
    {
        var bundle = Built(PayloadContent.Empty);
        ((ResourceReference)Value(Status(bundle), "subscription")).Reference = "Subscription/sub-1/_history/2";

        var violations = Check(bundle, PayloadContent.Empty);

        AssertReported(violations, "is not an absolute http(s) URL");
        AssertReported(violations, "must not carry _history");
    }

    [Fact]
    public void Check_HighestEventNumberNotTheCount_Reported()
    {
        var bundle = Built(PayloadContent.Empty);
        ((FhirString)Value(Status(bundle), "events-since-subscription-start")).Value = "9";

        AssertReported(NotificationBundleConformance.Check(bundle, Expected(NotificationType.EventNotification, PayloadContent.Empty) with { EventsSinceSubscriptionStart = null }),
            "highest event number 7 differs from events-since-subscription-start 9");
    }

    [Fact]
    public void Check_EventNumbersNotAscending_Reported()
    {
        var bundle = Built(PayloadContent.Empty);
        var events = EventsOf(bundle);
        ((FhirString)Part(events[1], "event-number")).Value = "4";

        AssertReported(Check(bundle, PayloadContent.Empty), "event numbers must ascend; 4 follows 5");
    }

    [Theory]
    [InlineData(NotificationType.Handshake)]
    [InlineData(NotificationType.Heartbeat)]
    [InlineData(NotificationType.QueryStatus)]
    public void Check_EventsInTypeWithoutEvents_Reported(NotificationType type)
    {
        // An event-notification presented as a handshake / heartbeat / query-status.
        var bundle = Built(PayloadContent.Empty);
        ((Code)Value(Status(bundle), "type")).Value = type.ToCode();

        AssertReported(Check(bundle, PayloadContent.Empty, type), "must not carry notification-event");
    }

    [Fact]
    public void Check_EventNotificationWithoutEvents_Reported()
    {
        var bundle = Built(PayloadContent.Empty, NotificationType.Heartbeat);
        ((Code)Value(Status(bundle), "type")).Value = "event-notification";

        AssertReported(Check(bundle, PayloadContent.Empty), "must carry at least one notification-event");
    }

    [Fact]
    public void Check_RequestNotMatchingResponse_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        bundle.Entry[1].Response!.Status = "200"; // a POST answers 201

        AssertReported(Check(bundle, PayloadContent.IdOnly), "POST answered '200', expected 201");
    }

    [Fact]
    public void Check_FirstEntryNotParameters_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        bundle.Entry.RemoveAt(0);

        AssertReported(Check(bundle, PayloadContent.IdOnly), "entry[0] must be the status Parameters");
    }

    [Fact]
    public void Check_MissingProfileAndWrongTopic_Reported()
    {
        var bundle = Built(PayloadContent.IdOnly);
        Status(bundle).Meta = null;
        ((Canonical)Value(Status(bundle), "topic")).Value = "http://elsewhere/topic";

        var violations = Check(bundle, PayloadContent.IdOnly);

        AssertReported(violations, "does not declare meta.profile");
        AssertReported(violations, "topic is 'http://elsewhere/topic'");
    }

    [Fact]
    public void AssertConformant_BrokenBundle_FailsListingViolations()
    {
        var bundle = Built(PayloadContent.IdOnly);
        bundle.Type = Bundle.BundleType.Searchset;

        var failure = Assert.ThrowsAny<Exception>(() => NotificationBundleConformance.AssertConformant(bundle, Expected(NotificationType.EventNotification, PayloadContent.IdOnly)));

        Assert.Contains("Bundle.type must be history", failure.Message, StringComparison.Ordinal);
    }
}
