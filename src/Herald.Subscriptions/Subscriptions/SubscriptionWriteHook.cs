using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Services;
using Herald.Core.Storage;
using Herald.Subscriptions.Channels;
using Task = System.Threading.Tasks.Task;

namespace Herald.Subscriptions.Subscriptions;

/// <summary>
/// Validates Subscriptions on create and update and owns their status (SUB-07, SUB-08): a client
/// may send <c>requested</c> or <c>off</c> (or keep the status it read); Herald decides between
/// <c>requested</c> (the channel needs a handshake) and <c>active</c>.
/// </summary>
public sealed class SubscriptionWriteHook(SubscriptionParser parser, ChannelTypes channels, IResourceStore store) : IResourceWriteHook
{
    public bool AppliesTo(string resourceType) => resourceType == "Subscription";

    public async Task PrepareAsync(WriteContext context, CancellationToken cancellationToken)
    {
        var subscription = (Subscription)context.Resource;
        var info = parser.Parse(context.Tenant, subscription);
        if (context.IsSystemWrite)
        {
            // Herald recording its own status change: the channel was validated when the client
            // wrote the subscription, and re-validating (e.g. resolving an endpoint that is down)
            // must not stop an 'error' status from being recorded.
            return;
        }

        channels.Get(info.ChannelType).Validate(info);

        var requested = subscription.Status;
        if (requested is Subscription.SubscriptionStatus.Active or Subscription.SubscriptionStatus.Error)
        {
            var stored = context.Id is null ? null : await store.ReadAsync(new ResourceKey(context.Tenant, "Subscription", context.Id), cancellationToken).ConfigureAwait(false);
            var storedStatus = stored is { IsDeleted: false, Json: { } json }
                ? ((Subscription)Core.Fhir.FhirSerializer.Instance.FromStorageJson(json)).Status
                : null;
            if (storedStatus != requested)
            {
                throw FhirException.BadRequest(
                    $"Subscription.status '{requested.ToString()!.ToLowerInvariant()}' is set by the server; send 'requested' (to (re)start) or 'off' (to stop).");
            }

            return;
        }

        if (requested is null or Subscription.SubscriptionStatus.Requested)
        {
            subscription.Status = channels.Get(info.ChannelType).RequiresHandshake
                ? Subscription.SubscriptionStatus.Requested
                : Subscription.SubscriptionStatus.Active;
            subscription.Error = null;
        }
    }

    public Task CommittedAsync(WriteContext context, WriteResult result, CancellationToken cancellationToken) => Task.CompletedTask;
}
