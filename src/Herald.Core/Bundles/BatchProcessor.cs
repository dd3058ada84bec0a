using Hl7.Fhir.Model;
using Herald.Core.Errors;

namespace Herald.Core.Bundles;

/// <summary>
/// A batch bundle: each entry is its own unit (its own commit), in bundle order, and reports its
/// own status; a failing entry does not stop the others. Entries may not depend on each other
/// (FHIR R4 3.1.0.11.1), so a urn:uuid naming another entry does not resolve.
/// </summary>
public sealed class BatchProcessor(EntryExecutor executor, EntryReader reader)
{
    public async Task<Bundle> ProcessAsync(Bundle bundle, BundleContext context, CancellationToken cancellationToken)
    {
        var response = new Bundle { Type = Bundle.BundleType.BatchResponse, Timestamp = DateTimeOffset.UtcNow };
        for (var index = 0; index < bundle.Entry.Count; index++)
        {
            response.Entry.Add(await ProcessEntryAsync(bundle.Entry[index], index, context, cancellationToken).ConfigureAwait(false));
        }

        return response;
    }

    private async Task<Bundle.EntryComponent> ProcessEntryAsync(Bundle.EntryComponent entry, int index, BundleContext context, CancellationToken cancellationToken)
    {
        try
        {
            var request = EntryRequestParser.Parse(entry, index, context.BaseUrl);
            if (!request.IsWrite)
            {
                return await reader.ReadAsync(request, context, cancellationToken).ConfigureAwait(false);
            }

            var plans = await executor.ExecuteAsync(context.Tenant, [request], cancellationToken).ConfigureAwait(false);
            return EntryResponder.FromPlan(plans[0], context);
        }
        catch (FhirException e)
        {
            return EntryResponder.Failed(e);
        }
    }
}
