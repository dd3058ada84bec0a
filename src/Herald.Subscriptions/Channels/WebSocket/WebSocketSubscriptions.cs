using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Storage;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>
/// Reads websocket subscriptions from the store, not from the in-memory registry: the store is
/// the truth on every node, and a subscription created a moment ago may not be in the registry
/// yet (the matcher loads it asynchronously).
/// </summary>
public sealed class WebSocketSubscriptions(IResourceStore store, SubscriptionParser parser)
{
    public const string ChannelType = "websocket";

    /// <summary>The subscription, or a FhirException: 404 unknown or deleted, 400 not a websocket subscription or off.</summary>
    public async Task<SubscriptionInfo> LoadAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var stored = await store.ReadAsync(new ResourceKey(tenant, "Subscription", id), cancellationToken).ConfigureAwait(false);
        if (stored is not { IsDeleted: false, Json: { } json })
        {
            throw FhirException.NotFound($"Subscription/{id} is not known.");
        }

        var info = parser.Parse(tenant, (Subscription)FhirSerializer.Instance.FromStorageJson(json)) with { Id = id };
        if (info.ChannelType != ChannelType)
        {
            throw FhirException.BadRequest($"Subscription/{id} uses the '{info.ChannelType}' channel; binding tokens are only for websocket subscriptions.");
        }

        if (info.Status is not (SubscriptionStatusCode.Active or SubscriptionStatusCode.Error))
        {
            throw FhirException.BadRequest($"Subscription/{id} is '{info.Status}'; set it to 'requested' to restart it before binding.");
        }

        return info;
    }
}
