using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Services;
using Herald.Core.Storage;
using Herald.Subscriptions.Matching;
using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace Herald.Subscriptions.Dispatch;

/// <summary>
/// Persists server-driven status changes (active after a handshake, error after failures, off
/// at the end time or after the retry window) as a new version of the stored Subscription, with
/// <c>Subscription.error</c> text, so they are visible to clients and survive a restart (SUB-11).
/// </summary>
public sealed partial class SubscriptionStatusWriter(ResourceService resources, SubscriptionRegistry registry, ILogger<SubscriptionStatusWriter> logger)
{
    public async Task SetAsync(SubscriptionInfo subscription, string status, string? error, CancellationToken cancellationToken)
    {
        var key = new ResourceKey(subscription.Tenant, "Subscription", subscription.Id);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            ResourceVersion current;
            try
            {
                current = await resources.ReadAsync(key, cancellationToken).ConfigureAwait(false);
            }
            catch (FhirException)
            {
                registry.Remove(subscription.Tenant, subscription.Id);
                return;
            }

            var stored = (Subscription)FhirSerializer.Instance.FromStorageJson(current.Json!);
            if (stored.Status?.ToString().ToLowerInvariant() is { } now && (now == status || now == SubscriptionStatusCode.Off))
            {
                // Already there, or the client turned it off meanwhile: the client's off wins.
                return;
            }

            stored.Status = Enum.Parse<Subscription.SubscriptionStatus>(status, ignoreCase: true);
            stored.Error = error;
            try
            {
                await resources.UpdateAsync(key, stored, current.VersionId, cancellationToken, isSystemWrite: true).ConfigureAwait(false);
                registry.Upsert(subscription with { Status = status });
                LogStatusChanged(logger, subscription.Id, subscription.Tenant, status, error ?? "");
                return;
            }
            catch (FhirException e) when (e.Status == System.Net.HttpStatusCode.PreconditionFailed)
            {
                // A client wrote the subscription between our read and write: read it again.
            }
        }
    }

    [LoggerMessage(EventId = 230, Level = LogLevel.Information, Message = "Subscription/{SubscriptionId} (tenant {Tenant}) is now {Status} {Error}")]
    private static partial void LogStatusChanged(ILogger logger, string subscriptionId, string tenant, string status, string error);
}
