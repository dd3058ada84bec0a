using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Matching;
using Herald.Core.Storage;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Topics;

namespace Herald.Subscriptions.Matching;

/// <summary>
/// Turns change_log entries into subscription events: which topics a write triggers (interaction,
/// queryCriteria on previous/current, fhirPathCriteria), then which of that topic's subscriptions
/// accept the focus (filters, with search semantics).
/// </summary>
public sealed class ChangeMatcher(
    IResourceStore store,
    TopicCatalog topics,
    TopicTriggerEvaluator triggers,
    SubscriptionRegistry registry,
    SubscriptionStateLoader state,
    SearchIndexer indexer)
{
    public async Task<List<PendingEvent>> MatchAsync(IReadOnlyList<ChangeLogEntry> entries, CancellationToken cancellationToken)
    {
        var events = new List<PendingEvent>();
        foreach (var entry in entries)
        {
            if (entry.Type is "Subscription" or "Basic")
            {
                await state.RefreshAsync(entry, cancellationToken).ConfigureAwait(false);
            }

            var relevant = topics.All(entry.Tenant)
                .Select(t => (Topic: t, Triggers: t.Triggers.Where(r => r.Resource == entry.Type).ToList()))
                .Where(t => t.Triggers.Count > 0)
                .ToList();
            if (relevant.Count == 0)
            {
                continue;
            }

            var (previous, current) = await LoadVersionsAsync(entry, cancellationToken).ConfigureAwait(false);

            // The focus of a delete is the deleted resource, i.e. its last live version.
            var focus = current ?? previous;
            if (focus is null)
            {
                continue;
            }

            var focusResource = ToResource(focus);
            var previousResource = previous is null || entry.Interaction == Interaction.Create ? null : ToResource(previous);
            var currentResource = current is null ? null : focusResource;
            SearchIndex? index = null;
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (topic, topicTriggers) in relevant)
            {
                if (!topicTriggers.Any(t => triggers.Triggers(t, entry.Interaction, previousResource, currentResource,
                        previous?.LastUpdated ?? default, current?.LastUpdated ?? default)))
                {
                    continue;
                }

                index ??= indexer.Extract(focusResource);
                foreach (var subscription in registry.Candidates(entry.Tenant, topic.Url, entry.Type, index))
                {
                    if (subscription.IsMatching && entry.Sequence > subscription.SinceSequence && matched.Add(subscription.Id)
                        && subscription.Filters.Where(f => f.ResourceType == entry.Type)
                            .All(f => SearchMatcher.Matches(f.Criterion, entry.Id, focus.LastUpdated.ToUnixTimeMilliseconds(), index)))
                    {
                        events.Add(new PendingEvent(entry.Tenant, subscription.Id, entry.Sequence, entry.Type, entry.Id,
                            entry.VersionId, entry.Interaction, entry.CommittedAt));
                    }
                }
            }
        }

        return events;
    }

    private async Task<(ResourceVersion? Previous, ResourceVersion? Current)> LoadVersionsAsync(ChangeLogEntry entry, CancellationToken cancellationToken)
    {
        var key = new ResourceKey(entry.Tenant, entry.Type, entry.Id);
        var current = entry.Interaction == Interaction.Delete
            ? null
            : await store.ReadVersionAsync(key, entry.VersionId, cancellationToken).ConfigureAwait(false);
        var previous = entry.PreviousVersionId is { } p
            ? await store.ReadVersionAsync(key, p, cancellationToken).ConfigureAwait(false)
            : null;
        return (previous is { IsDeleted: true } ? null : previous, current);
    }

    private static Resource ToResource(ResourceVersion version) => FhirSerializer.Instance.FromStorageJson(version.Json!);
}
