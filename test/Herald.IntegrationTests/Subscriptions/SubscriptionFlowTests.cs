using System.Net;
using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;
using static Herald.IntegrationTests.Subscriptions.SubscriptionFixtures;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.Subscriptions;

/// <summary>The whole flow over HTTP: topic, subscription, write, notification, with the recording channel.</summary>
public sealed class SubscriptionFlowTests : IDisposable
{
    private readonly HeraldFactory _factory;
    private readonly RecordingChannel _channel;
    private readonly HttpClient _client;

    public SubscriptionFlowTests()
    {
        (_factory, _channel) = Host();
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Subscription_WithoutHandshakeChannel_IsActiveOnCreate()
    {
        var stored = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        Assert.Equal(Hl7.Fhir.Model.Subscription.SubscriptionStatus.Active, stored.Status);
        Assert.Equal(["Authorization: Bearer secret"], stored.Channel.Header);
    }

    [Fact]
    public async Task EncounterCreate_NotifiesSubscriberWithEventOne()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        var encounter = await _client.CreateAsync(Encounter("p1"));

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 1);

        var notification = Assert.Single(notifications);
        Assert.Equal(NotificationType.EventNotification, notification.Type);
        var status = SubscriptionTestClient.StatusOf(notification.Bundle);
        Assert.Equal("1", status.ParameterValue("events-since-subscription-start"));
        Assert.Equal([1L], SubscriptionTestClient.EventNumbers(notifications));
        var focus = Assert.Single(notification.Bundle.Entry.Skip(1));
        Assert.EndsWith($"/fhir/Encounter/{encounter.Id}", focus.FullUrl, StringComparison.Ordinal);
        Assert.Null(focus.Resource);
        Assert.Equal(Bundle.BundleType.History, notification.Bundle.Type);
    }

    [Fact]
    public async Task Filter_OnPatient_DeliversOnlyThatPatientsEncounters()
    {
        var subscription = await _client.SubscribeAsync(Subscription(filters: "Encounter?patient=Patient/a"), EncounterTopic());
        await _client.CreateAsync(Encounter("b"));
        var mine = await _client.CreateAsync(Encounter("a"));
        await _client.CreateAsync(Encounter("b"));
        var last = await _client.CreateAsync(Encounter("a"));

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 2);

        Assert.Equal([1L, 2L], SubscriptionTestClient.EventNumbers(notifications));
        var foci = notifications.SelectMany(n => n.Bundle.Entry.Skip(1)).Select(e => e.FullUrl).ToList();
        Assert.Equal([mine.Id, last.Id], foci.Select(f => f.Split('/')[^1]));
    }

    [Theory]
    [InlineData("Encounter?patient=Patient/a")]
    [InlineData("Encounter.patient=Patient/a")]
    [InlineData("patient=Patient/a")]
    public async Task Filter_InEachBackportForm_SelectsTheSameEncounters(string filter)
    {
        var subscription = await _client.SubscribeAsync(Subscription(filters: filter), EncounterTopic());
        await _client.CreateAsync(Encounter("b"));
        var mine = await _client.CreateAsync(Encounter("a"));

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 1);

        Assert.Equal([1L], SubscriptionTestClient.EventNumbers(notifications));
        Assert.EndsWith(mine.Id, notifications.SelectMany(n => n.Bundle.Entry.Skip(1)).Single().FullUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryCriteria_Current_TriggersOnlyWhenItHolds()
    {
        var topic = EncounterTopic(currentCriteria: "status=finished");
        var subscription = await _client.SubscribeAsync(Subscription(), topic);
        var encounter = await _client.CreateAsync(Encounter("p"));
        encounter.Status = Hl7.Fhir.Model.Encounter.EncounterStatus.Finished;
        using var update = await _client.PutFhirAsync($"/fhir/Encounter/{encounter.Id}", encounter.ToJson());
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 1);

        Assert.Equal([1L], SubscriptionTestClient.EventNumbers(notifications));
        var entry = Assert.Single(notifications.SelectMany(n => n.Bundle.Entry.Skip(1)));
        Assert.Equal(Bundle.HTTPVerb.PUT, entry.Request.Method);
    }

    [Fact]
    public async Task Delete_TriggersWithTheDeletedResourceAsFocus()
    {
        var subscription = await _client.SubscribeAsync(Subscription(content: "full-resource"), EncounterTopic(interactions: "delete"));
        var encounter = await _client.CreateAsync(Encounter("p"));
        using var delete = await _client.DeleteFhirAsync($"/fhir/Encounter/{encounter.Id}");

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 1);

        var entry = Assert.Single(notifications.SelectMany(n => n.Bundle.Entry.Skip(1)));
        Assert.Equal(Bundle.HTTPVerb.DELETE, entry.Request.Method);
        Assert.EndsWith($"Encounter/{encounter.Id}", entry.FullUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FullResource_CarriesTheTriggeringVersionAndIncludes()
    {
        var subscription = await _client.SubscribeAsync(Subscription(content: "full-resource"), EncounterTopic());
        var patient = await _client.CreateAsync(new Patient { Name = [new HumanName { Family = "Included" }] });
        var encounter = await _client.CreateAsync(Encounter(patient.Id));

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 1);

        var entries = Assert.Single(notifications).Bundle.Entry.Skip(1).ToList();
        var focus = Assert.IsType<Encounter>(entries[0].Resource);
        Assert.Equal(encounter.Id, focus.Id);
        Assert.Equal("1", focus.Meta.VersionId);
        Assert.Contains(entries, e => e.Resource is Patient p && p.Id == patient.Id);
    }

    [Fact]
    public async Task Subscription_SetOff_StopsNotifications()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        await _client.CreateAsync(Encounter("p"));
        await _channel.WaitForEventsAsync(subscription.Id, 1);

        subscription.Status = Hl7.Fhir.Model.Subscription.SubscriptionStatus.Off;
        using var off = await _client.PutFhirAsync($"/fhir/Subscription/{subscription.Id}", subscription.ToJson());
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        await _client.CreateAsync(Encounter("p"));

        // A second subscription created after the write proves the matcher has passed it.
        var probe = await _client.SubscribeAsync(Subscription());
        await _client.CreateAsync(Encounter("p"));
        await _channel.WaitForEventsAsync(probe.Id, 1);
        Assert.Equal([1L], SubscriptionTestClient.EventNumbers(_channel.For(subscription.Id)));
    }

    [Fact]
    public async Task ReceiverDown_EventsWaitAndArriveInOrderWhenItRecovers()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        _channel.Failing = true;
        for (var i = 0; i < 5; i++)
        {
            await _client.CreateAsync(Encounter("p"));
        }

        _channel.Failing = false;
        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 5);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], SubscriptionTestClient.EventNumbers(notifications));
    }

    [Fact]
    public async Task TransactionWrites_TriggerExactlyLikeSingleWrites()
    {
        var subscription = await _client.SubscribeAsync(Subscription(), EncounterTopic());
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        for (var i = 0; i < 3; i++)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = "urn:uuid:" + Guid.NewGuid(),
                Resource = Encounter("tx"),
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Encounter" },
            });
        }

        using var response = await _client.PostFhirAsync("/fhir", bundle.ToJson());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 3);
        Assert.Equal([1L, 2L, 3L], SubscriptionTestClient.EventNumbers(notifications));
    }

    [Fact]
    public async Task TransactionWithInvalidSubscription_IsRejectedWhole()
    {
        await _client.CreateAsync(EncounterTopic());
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        bundle.Entry.Add(new Bundle.EntryComponent
        {
            FullUrl = "urn:uuid:" + Guid.NewGuid(),
            Resource = Subscription("http://example.org/unknown-topic"),
            Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "Subscription" },
        });

        using var response = await _client.PostFhirAsync("/fhir", bundle.ToJson());

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Notifications_PassTheIgConformanceChecks()
    {
        var subscription = await _client.SubscribeAsync(Subscription(content: "full-resource"), EncounterTopic());
        await _client.CreateAsync(Encounter("c"));
        await _client.CreateAsync(Encounter("c"));

        var notifications = await _channel.WaitForEventsAsync(subscription.Id, 2);

        foreach (var notification in notifications)
        {
            Herald.TestSupport.NotificationBundleConformance.AssertConformant(notification.Bundle,
                new Herald.TestSupport.ExpectedNotification("http://localhost/fhir", subscription.Id, NotificationType.EventNotification,
                    Herald.Subscriptions.Subscriptions.PayloadContent.FullResource) { TopicUrl = EncounterTopicUrl });
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
