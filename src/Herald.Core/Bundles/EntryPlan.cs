using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Services;
using Herald.Core.Storage;

namespace Herald.Core.Bundles;

/// <summary>
/// What one write entry will do, decided before the commit: its target, the resource to store
/// (references already rewritten), and the writes; after the commit, what they did.
/// </summary>
public sealed class EntryPlan(EntryRequest request)
{
    public EntryRequest Request { get; } = request;

    /// <summary>The resource the entry writes or matched; null for a conditional delete.</summary>
    public ResourceKey? Key { get; set; }

    /// <summary>The content to store (POST, PUT, PATCH result).</summary>
    public Resource? Resource { get; set; }

    /// <summary>Conditional create that found its match before the commit: nothing is written.</summary>
    public ResourceVersion? Matched { get; set; }

    /// <summary>The conditional create or update found no match: its write must not find one at commit either.</summary>
    public bool RequireNoMatch { get; set; }

    /// <summary>The version a conditional update, conditional delete or PATCH was decided against.</summary>
    public long? ExpectedVersion { get; set; }

    /// <summary>Conditional deletes: the current versions the condition matched.</summary>
    public List<ResourceVersion> Targets { get; } = [];

    public List<ResourceWrite> Writes { get; } = [];

    public List<WriteResult> Results { get; } = [];

    internal ResolveState State { get; set; }

    /// <summary>The entry's own condition with other entries' urns replaced, as it was run.</summary>
    internal string? ResolvedCondition { get; set; }

    /// <summary>FHIR's processing order within a transaction: DELETE, POST, PUT and PATCH, then reads.</summary>
    public int Rank => Request.Method switch
    {
        Bundle.HTTPVerb.DELETE => 0,
        Bundle.HTTPVerb.POST => 1,
        Bundle.HTTPVerb.PUT => 2,
        Bundle.HTTPVerb.PATCH => 3,
        _ => 4,
    };

    /// <summary>The hook context of a create or update entry; null for deletes and matched conditional creates.</summary>
    public WriteContext? WriteContext(string tenant) =>
        Resource is null || Key is null || Matched is not null || Request.Method == Bundle.HTTPVerb.DELETE
            ? null
            : new WriteContext(tenant, Key.Value.Type, Key.Value.Id,
                Request.Method == Bundle.HTTPVerb.POST ? Interaction.Create : Interaction.Update, Resource, IsSystemWrite: false);

}

internal enum ResolveState
{
    Unresolved,
    Resolving,
    Resolved,
}
