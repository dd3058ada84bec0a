using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Services;
using Herald.Core.Storage;

namespace Herald.Core.Bundles;

/// <summary>GET (and HEAD) entries: read, vread and type search.</summary>
public sealed class EntryReader(ResourceService resources)
{
    public async Task<Bundle.EntryComponent> ReadAsync(EntryRequest request, BundleContext context, CancellationToken cancellationToken)
    {
        if (request.Id is null)
        {
            var searchset = await context.SearchAsync(request.Type, request.Query ?? "", cancellationToken).ConfigureAwait(false);
            return new Bundle.EntryComponent { Resource = searchset, Response = new Bundle.ResponseComponent { Status = "200 OK" } };
        }

        if (request.Query is not null)
        {
            throw FhirException.BadRequest($"{request.Describe()}: a read takes no query.");
        }

        var key = new ResourceKey(context.Tenant, request.Type, request.Id);
        var version = request.VersionId is { } vid
            ? await resources.ReadVersionAsync(key, vid, cancellationToken).ConfigureAwait(false)
            : await resources.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        var entry = EntryResponder.Read(version, context);
        if (request.Method == Bundle.HTTPVerb.HEAD)
        {
            entry.Resource = null;
        }

        return entry;
    }
}
