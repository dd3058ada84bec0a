using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Services;
using Herald.Core.Storage;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Dispatch;

/// <summary>The data behind $status and $events, read from the stored Subscription and the event log.</summary>
public sealed class SubscriptionOperations(ResourceService resources, SubscriptionParser parser, SubscriptionEventStore events, NotificationFactory notifications)
{
    /// <summary>What a query-status says about one subscription: its stored status and event count.</summary>
    public async Task<NotificationSubject> StatusAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var info = await InfoAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        var state = await events.GetStateAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        return notifications.Subject(info, state.EventsCount);
    }

    /// <summary>A query-event history bundle of the stored events in [since, until].</summary>
    public async Task<Bundle> EventsAsync(string tenant, string id, long since, long? until, PayloadContent? content, int limit, CancellationToken cancellationToken)
    {
        var info = await InfoAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        if (content is { } hint)
        {
            info = info with { Content = hint };
        }

        var state = await events.GetStateAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        var stored = await events.ReadEventsAsync(tenant, id, since, until ?? long.MaxValue, limit, cancellationToken).ConfigureAwait(false);
        var notification = await notifications.EventsAsync(info, NotificationType.QueryEvent, stored, state.EventsCount, cancellationToken).ConfigureAwait(false);
        return notification.Bundle;
    }

    private async Task<SubscriptionInfo> InfoAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var version = await resources.ReadAsync(new ResourceKey(tenant, "Subscription", id), cancellationToken).ConfigureAwait(false);
        var subscription = (Subscription)FhirSerializer.Instance.FromStorageJson(version.Json!);
        try
        {
            return parser.Parse(tenant, subscription) with { Id = id };
        }
        catch (FhirException)
        {
            // Still answer for a subscription that can no longer match (e.g. its topic is gone).
            return new SubscriptionInfo
            {
                Tenant = tenant,
                Id = id,
                Status = subscription.Status?.ToString().ToLowerInvariant() ?? SubscriptionStatusCode.Error,
                TopicUrl = subscription.Criteria ?? "",
                ChannelType = "unknown",
            };
        }
    }
}
