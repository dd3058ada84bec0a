using Hl7.Fhir.Model;
using Herald.Core.Errors;

namespace Herald.Core.Bundles;

/// <summary>
/// A transaction bundle: every write entry planned first (ids, conditions, references), then
/// committed in one database transaction; any failure fails the whole bundle with a 4xx naming
/// the entry, and nothing is written. Reads run after the commit, as FHIR orders them last.
/// </summary>
public sealed class TransactionProcessor(EntryExecutor executor, EntryReader reader)
{
    public async Task<Bundle> ProcessAsync(Bundle bundle, BundleContext context, CancellationToken cancellationToken)
    {
        var requests = bundle.Entry.Select((entry, index) => EntryRequestParser.Parse(entry, index, context.BaseUrl)).ToList();
        var plans = await executor.ExecuteAsync(context.Tenant, requests.Where(r => r.IsWrite).ToList(), cancellationToken).ConfigureAwait(false);

        var responses = new Bundle.EntryComponent[requests.Count];
        foreach (var plan in plans)
        {
            responses[plan.Request.Index] = EntryResponder.FromPlan(plan, context);
        }

        foreach (var request in requests.Where(r => !r.IsWrite))
        {
            try
            {
                responses[request.Index] = await reader.ReadAsync(request, context, cancellationToken).ConfigureAwait(false);
            }
            catch (FhirException e)
            {
                // The writes are committed by now; a failed read is reported in its own entry.
                responses[request.Index] = EntryResponder.Failed(e);
            }
        }

        return new Bundle
        {
            Type = Bundle.BundleType.TransactionResponse,
            Timestamp = DateTimeOffset.UtcNow,
            Entry = [.. responses],
        };
    }
}
