using Hl7.Fhir.Model;
using Herald.Core.Search.Indexing;
using Herald.Core.Storage;
using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Herald.Subscriptions.Topics;
using Microsoft.Extensions.Options;

namespace Herald.Subscriptions.Dispatch;

/// <summary>
/// Builds notifications from stored state: re-reads the exact versions that triggered each event
/// (so a replay through $events shows what a live notification showed) and, for full-resource
/// payloads, the notificationShape includes.
/// </summary>
public sealed class NotificationFactory(IResourceStore store, ITopicCatalog topics, SearchIndexer indexer, IOptions<SubscriptionOptions> options)
{
    public async Task<Notification> EventsAsync(
        SubscriptionInfo subscription, NotificationType type, IReadOnlyList<SubscriptionEvent> events, long eventsSinceStart, CancellationToken cancellationToken)
    {
        var notificationEvents = new List<NotificationEvent>(events.Count);
        foreach (var e in events)
        {
            // Only full-resource shows the resource; the other levels need what the event row
            // already holds (its committed_at is the version's lastUpdated), so skip the read.
            var fromEvent = new ResourceVersion(e.Tenant, e.Type, e.Id, e.VersionId, e.OccurredAt, e.Interaction, null, e.Sequence);
            var focus = subscription.Content == PayloadContent.FullResource
                ? await store.ReadVersionAsync(new ResourceKey(e.Tenant, e.Type, e.Id), e.VersionId, cancellationToken).ConfigureAwait(false) ?? fromEvent
                : fromEvent;
            var context = subscription.Content == PayloadContent.FullResource
                ? await IncludesAsync(subscription, focus, cancellationToken).ConfigureAwait(false)
                : [];
            notificationEvents.Add(new NotificationEvent(e.EventNumber, e.OccurredAt, focus, context));
        }

        var bundle = NotificationBundleBuilder.Build(Subject(subscription, eventsSinceStart), type, notificationEvents);
        return new Notification(type, bundle, events.Count == 0 ? 0 : events[0].EventNumber, events.Count == 0 ? 0 : events[^1].EventNumber);
    }

    /// <summary>A handshake, heartbeat or query-status: no events, the count as it stands.</summary>
    public Notification WithoutEvents(SubscriptionInfo subscription, NotificationType type, long eventsSinceStart, string? status = null)
    {
        var subject = Subject(subscription, eventsSinceStart) with { Status = status ?? subscription.Status };
        return new Notification(type, NotificationBundleBuilder.Build(subject, type, []), 0, 0);
    }

    public NotificationSubject Subject(SubscriptionInfo subscription, long eventsSinceStart) =>
        new(subscription.Id, subscription.TopicUrl, subscription.Status, subscription.Content, eventsSinceStart, options.Value.FhirBase(subscription.Tenant));

    private async Task<IReadOnlyList<ResourceVersion>> IncludesAsync(SubscriptionInfo subscription, ResourceVersion focus, CancellationToken cancellationToken)
    {
        if (focus.Json is null || topics.Find(subscription.Tenant, subscription.TopicUrl) is not { } topic)
        {
            return [];
        }

        var includes = topic.Shapes.Where(s => s.Resource == focus.Type).SelectMany(s => s.Include).ToList();
        if (includes.Count == 0)
        {
            return [];
        }

        var index = indexer.Extract(Core.Fhir.FhirSerializer.Instance.FromStorageJson(focus.Json));
        var result = new List<ResourceVersion>();
        foreach (var include in includes)
        {
            // "Encounter:patient" or "Encounter:subject:Patient"
            var parts = include.Split(':');
            if (parts.Length < 2 || parts[0] != focus.Type)
            {
                continue;
            }

            foreach (var reference in index.References.Where(r => r.Param == parts[1] && r.TargetType is not null && (parts.Length < 3 || r.TargetType == parts[2])))
            {
                var target = await store.ReadAsync(new ResourceKey(focus.Tenant, reference.TargetType!, reference.TargetId!), cancellationToken).ConfigureAwait(false);
                if (target is { IsDeleted: false } && result.All(r => r.Key != target.Key))
                {
                    result.Add(target);
                }
            }
        }

        return result;
    }
}
