using Herald.Core.Errors;
using Herald.Core.Services;
using Herald.Core.Storage;

namespace Herald.Core.Bundles;

/// <summary>
/// Plans write entries and commits all their writes in ONE <see cref="IResourceStore.CommitAsync"/>
/// call, in FHIR's transaction order (DELETE, POST, PUT, PATCH), so they are atomic and each gets
/// its change_log row in that one transaction.
/// </summary>
public sealed class EntryExecutor(EntryPlanner planner, IResourceStore store, ResourceService resources, IChangeSignal changes)
{
    public async Task<IReadOnlyList<EntryPlan>> ExecuteAsync(string tenant, IReadOnlyList<EntryRequest> entries, CancellationToken cancellationToken)
    {
        var plans = await planner.PlanAsync(tenant, entries, cancellationToken).ConfigureAwait(false);
        var ordered = plans.OrderBy(p => p.Rank).ThenBy(p => p.Request.Index).ToList();
        var writes = ordered.SelectMany(p => p.Writes).ToList();
        if (writes.Count == 0)
        {
            return plans;
        }

        IReadOnlyList<WriteResult> results;
        try
        {
            // Once planned, the commit completes even if the client goes away: a half-observed
            // commit is worse than a completed one.
            results = await store.CommitAsync(writes, CancellationToken.None).ConfigureAwait(false);
        }
        catch (FhirException e) when (WritePlanner.FailedWriteIndex(e) is { } failed)
        {
            var plan = ordered.SelectMany(p => p.Writes.Select(_ => p)).ElementAt(failed);
            throw plan.Request.Name(e, " failed: ");
        }

        changes.Notify();
        var next = 0;
        foreach (var plan in ordered)
        {
            for (var i = 0; i < plan.Writes.Count; i++)
            {
                plan.Results.Add(results[next++]);
            }

            if (plan.WriteContext(tenant) is { } context && plan.Results.Count > 0)
            {
                await resources.CommittedAsync(context, plan.Results[0], CancellationToken.None).ConfigureAwait(false);
            }
        }

        return plans;
    }
}
