using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Configuration;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Patch;
using Herald.Core.Search.Indexing;
using Herald.Core.Services;
using Herald.Core.Storage;
using Microsoft.Extensions.Options;

namespace Herald.Core.Bundles;

/// <summary>
/// Turns write entries into <see cref="ResourceWrite"/>s before anything is committed: resolves
/// each entry's target (conditional create / update / delete, PATCH), assigns ids, resolves
/// <c>urn:uuid:</c> and conditional references and rewrites them. Every decision that reads the
/// database is protected at commit: conditional targets carry If-Match on the version found, and
/// "no match" decisions carry If-None-Exist with <see cref="ResourceWrite.RequireNoMatch"/>.
/// </summary>
public sealed partial class EntryPlanner(
    IResourceSearch search,
    ResourceService resources,
    SearchIndexer indexer,
    FhirSerializer serializer,
    IOptions<BundleOptions> options)
{
    /// <summary>Plans <paramref name="entries"/> (write entries only) as one unit.</summary>
    public async Task<IReadOnlyList<EntryPlan>> PlanAsync(string tenant, IReadOnlyList<EntryRequest> entries, CancellationToken cancellationToken)
    {
        var session = new Session(tenant, entries.Select(e => new EntryPlan(e)).ToList());
        foreach (var plan in session.Plans)
        {
            await ResolveAsync(session, plan, cancellationToken).ConfigureAwait(false);
        }

        foreach (var plan in session.Plans.Where(p => p.Resource is not null))
        {
            await RewriteReferencesAsync(session, plan, cancellationToken).ConfigureAwait(false);
        }

        CheckDistinctTargets(session.Plans);
        foreach (var plan in session.Plans)
        {
            // Same type rules as a single create or update (e.g. Subscription validation and
            // status), before the index is extracted so it reflects what will be stored.
            if (plan.WriteContext(tenant) is { } context)
            {
                await resources.PrepareAsync(context, cancellationToken).ConfigureAwait(false);
            }

            BuildWrites(plan);
        }

        return session.Plans;
    }

    /// <summary>Decides the target of one entry; conditions may first need the targets of the entries they mention.</summary>
    private async Task ResolveAsync(Session session, EntryPlan plan, CancellationToken cancellationToken)
    {
        switch (plan.State)
        {
            case ResolveState.Resolved:
                return;
            case ResolveState.Resolving:
                throw FhirException.BadRequest(
                    $"{plan.Request.Describe()} is part of a circular conditional reference: its condition depends, through other entries' conditions, on its own result.");
        }

        plan.State = ResolveState.Resolving;
        var request = plan.Request;
        try
        {
            switch (request.Method)
            {
                case Bundle.HTTPVerb.POST:
                    await ResolveCreateAsync(session, plan, cancellationToken).ConfigureAwait(false);
                    break;
                case Bundle.HTTPVerb.PUT:
                    await ResolveUpdateAsync(session, plan, cancellationToken).ConfigureAwait(false);
                    break;
                case Bundle.HTTPVerb.DELETE:
                    await ResolveDeleteAsync(session, plan, cancellationToken).ConfigureAwait(false);
                    break;
                case Bundle.HTTPVerb.PATCH:
                    await ResolvePatchAsync(session, plan, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new InvalidOperationException($"{request.Method} is not a write.");
            }
        }
        catch (FhirException e)
        {
            throw request.Name(e);
        }

        plan.State = ResolveState.Resolved;
    }

    private async Task ResolveCreateAsync(Session session, EntryPlan plan, CancellationToken cancellationToken)
    {
        var request = plan.Request;
        plan.Resource = CheckedBody(request);
        if (request.IfNoneExist is { } condition)
        {
            var matches = await FindAsync(session, plan, condition, 2, cancellationToken).ConfigureAwait(false);
            if (matches.Count > 1)
            {
                throw FhirException.PreconditionFailed($"ifNoneExist '{condition}' matches more than one {request.Type}; make it more specific.");
            }

            if (matches.Count == 1)
            {
                plan.Matched = matches[0];
                plan.Key = matches[0].Key;
                plan.Resource = null;
                return;
            }

            plan.RequireNoMatch = true;
        }

        // The server assigns the id on create; a client-supplied one is ignored (FHIR R4 3.1.0.7).
        plan.Key = new ResourceKey(session.Tenant, request.Type, ResourceIds.NewId());
    }

    private async Task ResolveUpdateAsync(Session session, EntryPlan plan, CancellationToken cancellationToken)
    {
        var request = plan.Request;
        var resource = plan.Resource = CheckedBody(request);
        if (!request.IsConditional)
        {
            if (!string.IsNullOrEmpty(resource.Id) && resource.Id != request.Id)
            {
                throw FhirException.BadRequest($"The resource id '{resource.Id}' does not match the id '{request.Id}' in the URL.");
            }

            plan.Key = new ResourceKey(session.Tenant, request.Type, request.Id!);
            plan.ExpectedVersion = request.IfMatch;
            return;
        }

        var matches = await FindAsync(session, plan, request.Query!, 2, cancellationToken).ConfigureAwait(false);
        switch (matches.Count)
        {
            case 0:
                // No match: a create (with the resource's own id when it gives one, as update-as-create).
                if (!string.IsNullOrEmpty(resource.Id) && !ResourceIds.IsValid(resource.Id))
                {
                    throw FhirException.BadRequest($"'{resource.Id}' is not a valid resource id.");
                }

                plan.Key = new ResourceKey(session.Tenant, request.Type, string.IsNullOrEmpty(resource.Id) ? ResourceIds.NewId() : resource.Id);
                plan.RequireNoMatch = true;
                if (request.IfMatch is not null)
                {
                    throw FhirException.PreconditionFailed("The condition matches nothing, so If-Match cannot hold.");
                }

                break;
            case 1:
                var match = matches[0];
                if (!string.IsNullOrEmpty(resource.Id) && resource.Id != match.Id)
                {
                    throw FhirException.BadRequest($"The condition matches {match.Key} but the resource has id '{resource.Id}'.");
                }

                plan.Key = match.Key;
                plan.ExpectedVersion = CheckIfMatch(request, match);
                break;
            default:
                throw FhirException.PreconditionFailed($"The condition '{request.Query}' matches more than one {request.Type}; make it more specific.");
        }
    }

    private async Task ResolveDeleteAsync(Session session, EntryPlan plan, CancellationToken cancellationToken)
    {
        var request = plan.Request;
        if (!request.IsConditional)
        {
            plan.Key = new ResourceKey(session.Tenant, request.Type, request.Id!);
            plan.ExpectedVersion = request.IfMatch;
            return;
        }

        var multiple = options.Value.ConditionalDeleteMultiple;
        var limit = multiple ? options.Value.MaxBundleEntries + 1 : 2;
        var matches = await FindAsync(session, plan, request.Query!, limit, cancellationToken).ConfigureAwait(false);
        if (matches.Count > 1 && !multiple)
        {
            throw FhirException.PreconditionFailed(
                $"The condition '{request.Query}' matches more than one {request.Type}; make it more specific (deleting several needs Herald:ConditionalDeleteMultiple=true).");
        }

        if (matches.Count >= limit)
        {
            throw FhirException.PreconditionFailed($"The condition '{request.Query}' matches more than {limit - 1} resources; delete them in smaller groups.");
        }

        foreach (var match in matches)
        {
            CheckIfMatch(request, match);
        }

        plan.Targets.AddRange(matches);
        plan.Key = matches.Count == 1 ? matches[0].Key : null;
    }

    private async Task ResolvePatchAsync(Session session, EntryPlan plan, CancellationToken cancellationToken)
    {
        var request = plan.Request;
        ResourceVersion current;
        if (request.IsConditional)
        {
            var matches = await FindAsync(session, plan, request.Query!, 2, cancellationToken).ConfigureAwait(false);
            current = matches.Count switch
            {
                0 => throw FhirException.NotFound($"The condition '{request.Query}' matches no {request.Type} to patch."),
                1 => matches[0],
                _ => throw FhirException.PreconditionFailed($"The condition '{request.Query}' matches more than one {request.Type}; make it more specific."),
            };
        }
        else
        {
            current = await resources.ReadAsync(new ResourceKey(session.Tenant, request.Type, request.Id!), cancellationToken).ConfigureAwait(false);
        }

        // The patch is computed from this version, so the write must find this version still current.
        plan.ExpectedVersion = CheckIfMatch(request, current);
        plan.Key = current.Key;
        plan.Resource = PatchApplier.Apply(current.Json!, resources.ToResource(current), request.Patch!, serializer);
    }

    private static long CheckIfMatch(EntryRequest request, ResourceVersion current) =>
        request.IfMatch is { } expected && expected != current.VersionId
            ? throw FhirException.PreconditionFailed($"{current.Key} is at version {current.VersionId}, not {expected} as If-Match requires; read it again and retry.")
            : current.VersionId;

    private static Resource CheckedBody(EntryRequest request)
    {
        var resource = request.Resource!;
        return resource.TypeName == request.Type
            ? resource
            : throw FhirException.BadRequest($"The resource is a {resource.TypeName} but the URL is for {request.Type}.");
    }

    private static void CheckDistinctTargets(IReadOnlyList<EntryPlan> plans)
    {
        var seen = new Dictionary<ResourceKey, EntryPlan>();
        foreach (var plan in plans)
        {
            var keys = plan.Targets.Count > 0 ? plan.Targets.Select(t => t.Key) : plan.Key is { } only && plan.Matched is null ? [only] : [];
            foreach (var key in keys)
            {
                if (seen.TryGetValue(key, out var other))
                {
                    throw FhirException.BadRequest(
                        $"{other.Request.Describe()} and {plan.Request.Describe()} both write {key}; a transaction may touch each resource once.");
                }

                seen[key] = plan;
            }
        }
    }
}
