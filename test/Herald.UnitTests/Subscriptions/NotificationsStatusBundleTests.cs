using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.TestSupport;
using static Herald.UnitTests.Subscriptions.NotificationsTestData;

namespace Herald.UnitTests.Subscriptions;

public sealed class NotificationsStatusBundleTests
{
    private static readonly NotificationSubject[] Subjects =
    [
        Subject(PayloadContent.IdOnly, count: 7),
        new("sub-2", Topic, "requested", PayloadContent.Empty, 0, BaseUrl),
    ];

    private static readonly ExpectedNotification[] ExpectedStatus =
    [
        new(BaseUrl, "sub-1", NotificationType.QueryStatus, PayloadContent.IdOnly) { TopicUrl = Topic, Status = "active", EventsSinceSubscriptionStart = 7 },
        new(BaseUrl, "sub-2", NotificationType.QueryStatus, PayloadContent.Empty) { Status = "requested", EventsSinceSubscriptionStart = 0 },
    ];

    [Fact]
    public void Build_TwoSubscriptions_IsConformantSearchset()
    {
        var bundle = StatusBundleBuilder.Build(Subjects);

        Assert.Empty(StatusBundleConformance.Check(bundle, ExpectedStatus));
    }

    [Fact]
    public void Build_TwoSubscriptions_OneQueryStatusMatchPerSubscription()
    {
        var bundle = StatusBundleBuilder.Build(Subjects);

        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        Assert.Equal(2, bundle.Total);
        Assert.All(bundle.Entry, e => Assert.Equal(Bundle.SearchEntryMode.Match, e.Search!.Mode));
        Assert.All(bundle.Entry, e => Assert.StartsWith("urn:uuid:", e.FullUrl, StringComparison.Ordinal));
        var statuses = bundle.Entry.Select(e => Assert.IsType<Parameters>(e.Resource)).ToList();
        Assert.All(statuses, p => Assert.Equal("query-status", ((Code)Value(p, "type")).Value));
        Assert.All(statuses, p => Assert.DoesNotContain(p.Parameter, x => x.Name == "notification-event"));
        Assert.Equal(BaseUrl + "/Subscription/sub-2", ((ResourceReference)Value(statuses[1], "subscription")).Reference);
        Assert.Equal("0", ((FhirString)Value(statuses[1], "events-since-subscription-start")).Value);
    }

    [Fact]
    public void Build_NoSubscriptions_EmptySearchsetWithTotalZero()
    {
        var bundle = StatusBundleBuilder.Build([]);

        Assert.Equal(0, bundle.Total);
        Assert.Empty(bundle.Entry);
        Assert.Empty(StatusBundleConformance.Check(bundle, []));
    }

    [Fact]
    public void Check_HistoryBundleWithoutSearchMode_Reported()
    {
        var bundle = StatusBundleBuilder.Build(Subjects);
        bundle.Type = Bundle.BundleType.History;
        bundle.Entry[1].Search = null;
        bundle.Total = null;

        var violations = StatusBundleConformance.Check(bundle, ExpectedStatus);

        Assert.Contains(violations, v => v.Contains("must be searchset", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("entry[1].search.mode must be match", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Bundle.total", StringComparison.Ordinal));
    }
}
