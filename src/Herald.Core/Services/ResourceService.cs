using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Search;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Storage;

namespace Herald.Core.Services;

/// <summary>
/// The FHIR interactions on single resources: ids, versions, meta, preconditions. HTTP
/// concerns (formats, headers, links) stay in the API layer.
/// </summary>
public sealed class ResourceService(
    IResourceStore store,
    SearchIndexer indexer,
    SearchQueryParser parser,
    FhirSerializer serializer,
    IEnumerable<IResourceWriteHook> hooks,
    IChangeSignal changes)
{
    public async Task<ResourceVersion> ReadAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        var current = await store.ReadAsync(key, cancellationToken).ConfigureAwait(false)
            ?? throw FhirException.NotFound($"{key} is not known.");
        if (current.IsDeleted)
        {
            throw FhirException.Gone($"{key} was deleted (version {current.VersionId}).");
        }

        return current;
    }

    public async Task<ResourceVersion> ReadVersionAsync(ResourceKey key, string versionId, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        if (!long.TryParse(versionId, out var version) || version < 1)
        {
            throw FhirException.NotFound($"Version '{versionId}' of {key} is not known; version ids are positive integers.");
        }

        var stored = await store.ReadVersionAsync(key, version, cancellationToken).ConfigureAwait(false)
            ?? throw FhirException.NotFound($"Version {version} of {key} is not known.");
        if (stored.IsDeleted)
        {
            throw FhirException.Gone($"Version {version} of {key} is a deletion.");
        }

        return stored;
    }

    public async Task<WriteResult> CreateAsync(string tenant, string type, Resource resource, string? ifNoneExist, CancellationToken cancellationToken)
    {
        ValidateType(type);
        ValidateBodyType(type, resource);

        // The server assigns the id on create; a client-supplied one is ignored (FHIR R4 3.1.0.7).
        var key = new ResourceKey(tenant, type, ResourceIds.NewId());
        var context = new WriteContext(tenant, type, key.Id, Interaction.Create, resource, IsSystemWrite: false);
        await PrepareAsync(context, cancellationToken).ConfigureAwait(false);
        var write = new ResourceWrite
        {
            Key = key,
            Interaction = Interaction.Create,
            IfNoneExist = ifNoneExist is null ? null : ParseConditional(type, ifNoneExist),
            Render = StampAndRender(resource, key.Id),
            Index = indexer.Extract(resource),
        };
        return await CommitOneAsync(write, context, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteResult> UpdateAsync(ResourceKey key, Resource resource, long? ifMatch, CancellationToken cancellationToken, bool isSystemWrite = false)
    {
        ValidateKey(key);
        ValidateBodyType(key.Type, resource);
        if (string.IsNullOrEmpty(resource.Id))
        {
            throw FhirException.BadRequest($"The resource in an update must carry its id; expected \"id\": \"{key.Id}\".");
        }

        if (resource.Id != key.Id)
        {
            throw FhirException.BadRequest($"The resource id '{resource.Id}' does not match the id '{key.Id}' in the URL.");
        }

        var context = new WriteContext(key.Tenant, key.Type, key.Id, Interaction.Update, resource, isSystemWrite);
        await PrepareAsync(context, cancellationToken).ConfigureAwait(false);
        var write = new ResourceWrite
        {
            Key = key,
            Interaction = Interaction.Update,
            IfMatchVersion = ifMatch,
            Render = StampAndRender(resource, key.Id),
            Index = indexer.Extract(resource),
        };
        return await CommitOneAsync(write, context, cancellationToken).ConfigureAwait(false);
    }

    public async Task<WriteResult> DeleteAsync(ResourceKey key, long? ifMatch, CancellationToken cancellationToken)
    {
        ValidateKey(key);
        var write = new ResourceWrite { Key = key, Interaction = Interaction.Delete, IfMatchVersion = ifMatch };
        return await CommitOneAsync(write, null, cancellationToken).ConfigureAwait(false);
    }

    public Resource ToResource(ResourceVersion version) =>
        serializer.FromStorageJson(version.Json ?? throw new InvalidOperationException($"{version.Key} version {version.VersionId} has no content."));

    /// <summary>
    /// Parses the query of a conditional interaction. Strict: an unknown parameter here would widen
    /// the condition and could create a duplicate or touch the wrong resource.
    /// </summary>
    public IReadOnlyList<SearchCriterion> ParseConditional(string type, string query)
    {
        var text = query.Trim();
        if (text.StartsWith(type + "?", StringComparison.Ordinal))
        {
            text = text[(type.Length + 1)..];
        }

        var pairs = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text.TrimStart('?'))
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))
            .ToList();
        var parsed = parser.Parse(type, pairs, new SearchParseOptions(Strict: true, DefaultCount: 2, MaxCount: 2, BaseUrl: null));
        if (parsed.Criteria.Count == 0)
        {
            throw FhirException.BadRequest($"The conditional query '{query}' has no search criteria; give at least one, e.g. 'identifier=system|value'.");
        }

        return parsed.Criteria;
    }

    private async Task<WriteResult> CommitOneAsync(ResourceWrite write, WriteContext? context, CancellationToken cancellationToken)
    {
        var results = await store.CommitAsync([write], cancellationToken).ConfigureAwait(false);
        changes.Notify();
        if (context is not null)
        {
            await CommittedAsync(context, results[0], cancellationToken).ConfigureAwait(false);
        }

        return results[0];
    }

    /// <summary>Runs the type's write hooks (validation, server-owned elements) before a create or update.</summary>
    public async Task PrepareAsync(WriteContext context, CancellationToken cancellationToken)
    {
        foreach (var hook in hooks)
        {
            if (hook.AppliesTo(context.ResourceType))
            {
                await hook.PrepareAsync(context, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Tells the type's write hooks what was committed.</summary>
    public async Task CommittedAsync(WriteContext context, WriteResult result, CancellationToken cancellationToken)
    {
        foreach (var hook in hooks)
        {
            if (hook.AppliesTo(context.ResourceType))
            {
                await hook.CommittedAsync(context, result, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Func<long, DateTimeOffset, string> StampAndRender(Resource resource, string id) =>
        (version, lastUpdated) =>
        {
            resource.Id = id;
            resource.Meta ??= new Meta();
            resource.Meta.VersionId = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
            resource.Meta.LastUpdated = lastUpdated;
            return serializer.ToStorageJson(resource);
        };

    public static void ValidateKey(ResourceKey key)
    {
        ValidateType(key.Type);
        if (!ResourceIds.IsValid(key.Id))
        {
            throw FhirException.BadRequest($"'{key.Id}' is not a valid resource id: use 1-64 characters from A-Z, a-z, 0-9, '-' and '.'.");
        }
    }

    public static void ValidateType(string type)
    {
        if (!ResourceTypes.IsKnown(type))
        {
            throw FhirException.NotFound($"'{type}' is not a FHIR R4 resource type this server knows.");
        }
    }

    private static void ValidateBodyType(string type, Resource resource)
    {
        if (resource.TypeName != type)
        {
            throw FhirException.BadRequest($"The body is a {resource.TypeName} but the URL is for {type}.");
        }
    }
}
