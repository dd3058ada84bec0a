using System.Globalization;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Storage;

namespace Herald.Core.Bundles;

public sealed partial class EntryPlanner
{
    /// <summary>The store writes of a planned entry; the index is extracted after references are rewritten.</summary>
    private void BuildWrites(EntryPlan plan)
    {
        var request = plan.Request;
        if (plan.Matched is not null)
        {
            return;
        }

        if (request.Method == Bundle.HTTPVerb.DELETE)
        {
            if (plan.Targets.Count > 0)
            {
                plan.Writes.AddRange(plan.Targets.Select(t => new ResourceWrite { Key = t.Key, Interaction = Interaction.Delete, IfMatchVersion = t.VersionId }));
            }
            else if (!request.IsConditional)
            {
                plan.Writes.Add(new ResourceWrite { Key = plan.Key!.Value, Interaction = Interaction.Delete, IfMatchVersion = plan.ExpectedVersion });
            }

            return;
        }

        var key = plan.Key!.Value;
        var resource = plan.Resource!;
        resource.Id = key.Id;
        var condition = request.Method == Bundle.HTTPVerb.POST ? request.IfNoneExist : request.Query;
        plan.Writes.Add(new ResourceWrite
        {
            Key = key,
            Interaction = request.Method == Bundle.HTTPVerb.POST ? Interaction.Create : Interaction.Update,
            IfMatchVersion = plan.ExpectedVersion,
            IfNoneExist = plan.RequireNoMatch ? resources.ParseConditional(request.Type, ResolvedCondition(condition!, plan)) : null,
            RequireNoMatch = plan.RequireNoMatch,
            Render = (version, lastUpdated) =>
            {
                resource.Meta ??= new Meta();
                resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
                resource.Meta.LastUpdated = lastUpdated;
                return serializer.ToStorageJson(resource);
            },
            Index = indexer.Extract(resource),
        });
    }

    /// <summary>The condition as it was run during planning (urns already replaced), for the re-check at commit.</summary>
    private static string ResolvedCondition(string condition, EntryPlan plan) =>
        plan.ResolvedCondition ?? condition;
}
