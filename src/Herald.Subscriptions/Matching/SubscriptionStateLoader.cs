using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Fhir;
using Herald.Core.Storage;
using Herald.Subscriptions.Subscriptions;
using Herald.Subscriptions.Topics;
using Microsoft.Extensions.Logging;

namespace Herald.Subscriptions.Matching;

/// <summary>
/// Keeps the topic catalog and the subscription registry in step with stored resources: fully
/// at start-up, then one resource at a time as the matcher reads Basic and Subscription writes.
/// </summary>
public sealed partial class SubscriptionStateLoader(
    CurrentResourceReader current,
    IResourceStore store,
    TopicCatalog topics,
    SubscriptionRegistry registry,
    SubscriptionParser parser,
    ILogger<SubscriptionStateLoader> logger)
{
    public async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var (tenant, id, _, json) in await current.ReadAllAsync("Basic", cancellationToken).ConfigureAwait(false))
        {
            ApplyTopic(tenant, id, FhirSerializer.Instance.FromStorageJson(json));
        }

        foreach (var (tenant, id, _, json) in await current.ReadAllAsync("Subscription", cancellationToken).ConfigureAwait(false))
        {
            ApplySubscription(tenant, id, FhirSerializer.Instance.FromStorageJson(json), sinceSequence: 0);
        }
    }

    /// <summary>Re-reads one Basic or Subscription after a write to it.</summary>
    public async Task RefreshAsync(ChangeLogEntry entry, CancellationToken cancellationToken)
    {
        var latest = await store.ReadAsync(new ResourceKey(entry.Tenant, entry.Type, entry.Id), cancellationToken).ConfigureAwait(false);
        var resource = latest is { IsDeleted: false, Json: { } json } ? FhirSerializer.Instance.FromStorageJson(json) : null;
        if (entry.Type == "Basic")
        {
            ApplyTopic(entry.Tenant, entry.Id, resource);
        }
        else
        {
            // A new subscription matches writes committed after it; an updated one keeps its start.
            var since = registry.Get(entry.Tenant, entry.Id)?.SinceSequence ?? entry.Sequence;
            ApplySubscription(entry.Tenant, entry.Id, resource, since);
        }
    }

    private void ApplyTopic(string tenant, string id, Resource? resource)
    {
        if (resource is not Basic basic || !TopicParser.IsTopic(basic))
        {
            topics.Set(tenant, id, null);
            return;
        }

        try
        {
            topics.Set(tenant, id, TopicParser.Parse(basic));
        }
        catch (Core.Errors.FhirException e)
        {
            topics.Set(tenant, id, null);
            LogBadTopic(logger, tenant, id, e.Message);
        }
    }

    private void ApplySubscription(string tenant, string id, Resource? resource, long sinceSequence)
    {
        if (resource is not Subscription subscription)
        {
            registry.Remove(tenant, id);
            return;
        }

        try
        {
            registry.Upsert(parser.Parse(tenant, subscription) with { SinceSequence = sinceSequence });
        }
        catch (Core.Errors.FhirException e)
        {
            // Valid when written; its topic may have gone since. It cannot match until fixed.
            registry.Remove(tenant, id);
            LogUnusableSubscription(logger, tenant, id, e.Message);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Topic Basic/{Id} of tenant {Tenant} is not usable: {Reason}")]
    private static partial void LogBadTopic(ILogger logger, string tenant, string id, string reason);

    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Subscription/{Id} of tenant {Tenant} cannot match: {Reason}")]
    private static partial void LogUnusableSubscription(ILogger logger, string tenant, string id, string reason);
}
