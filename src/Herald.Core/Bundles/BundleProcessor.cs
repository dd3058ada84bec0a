using Hl7.Fhir.Model;
using Herald.Core.Configuration;
using Herald.Core.Errors;
using Microsoft.Extensions.Options;

namespace Herald.Core.Bundles;

/// <summary>Entry point for <c>POST [base]</c>: checks the bundle, then runs it as a transaction or a batch.</summary>
public sealed class BundleProcessor(TransactionProcessor transactions, BatchProcessor batches, IOptions<BundleOptions> options)
{
    public Task<Bundle> ProcessAsync(Resource body, BundleContext context, CancellationToken cancellationToken)
    {
        if (body is not Bundle bundle)
        {
            throw FhirException.BadRequest($"POST to the base takes a Bundle of type batch or transaction, not a {body.TypeName}.");
        }

        var limit = options.Value.MaxBundleEntries;
        if (bundle.Entry.Count > limit)
        {
            throw FhirException.TooLarge($"The bundle has {bundle.Entry.Count} entries; the limit is {limit} (setting Herald:MaxBundleEntries). Split it into smaller bundles.");
        }

        return bundle.Type switch
        {
            Bundle.BundleType.Transaction => transactions.ProcessAsync(bundle, context, cancellationToken),
            Bundle.BundleType.Batch => batches.ProcessAsync(bundle, context, cancellationToken),
            null => throw FhirException.BadRequest("The bundle has no type; POST to the base takes a bundle of type batch or transaction."),
            _ => throw FhirException.BadRequest($"A bundle of type '{bundle.Type.Value.ToString().ToLowerInvariant()}' cannot be processed; POST to the base takes a bundle of type batch or transaction."),
        };
    }
}
