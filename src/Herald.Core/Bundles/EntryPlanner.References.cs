using System.Text.RegularExpressions;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Storage;

namespace Herald.Core.Bundles;

public sealed partial class EntryPlanner
{
    /// <summary>The entries planned together, by fullUrl, plus resolved conditional references.</summary>
    private sealed class Session
    {
        public Session(string tenant, List<EntryPlan> plans)
        {
            Tenant = tenant;
            Plans = plans;
            foreach (var plan in plans)
            {
                if (plan.Request.FullUrl is { } fullUrl && !ByFullUrl.TryAdd(fullUrl, plan))
                {
                    throw FhirException.BadRequest(
                        $"Bundle entries {ByFullUrl[fullUrl].Request.Index} and {plan.Request.Index} have the same fullUrl '{fullUrl}'; each fullUrl identifies one entry.");
                }
            }
        }

        public string Tenant { get; }

        public List<EntryPlan> Plans { get; }

        public Dictionary<string, EntryPlan> ByFullUrl { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> ConditionalReferences { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>Runs an entry's condition, after replacing the urn:uuid of other entries in it by their targets.</summary>
    private async Task<IReadOnlyList<ResourceVersion>> FindAsync(
        Session session, EntryPlan plan, string condition, int limit, CancellationToken cancellationToken)
    {
        var resolved = condition;
        foreach (Match match in UrnPattern().Matches(condition))
        {
            var target = await TargetOfAsync(session, match.Value, cancellationToken).ConfigureAwait(false)
                ?? throw FhirException.BadRequest($"The condition '{condition}' refers to {match.Value}, which is not the fullUrl of a write entry in this bundle.");
            resolved = resolved.Replace(match.Value, target, StringComparison.Ordinal);
        }

        plan.ResolvedCondition = resolved;
        var criteria = resources.ParseConditional(plan.Request.Type, resolved);
        return await search.FindAsync(session.Tenant, plan.Request.Type, criteria, limit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>"Type/id" of the entry with <paramref name="fullUrl"/>, resolving that entry first; null when no entry has it.</summary>
    private async Task<string?> TargetOfAsync(Session session, string fullUrl, CancellationToken cancellationToken)
    {
        if (!session.ByFullUrl.TryGetValue(fullUrl, out var other))
        {
            return null;
        }

        await ResolveAsync(session, other, cancellationToken).ConfigureAwait(false);
        return other.Key is { } key
            ? $"{key.Type}/{key.Id}"
            : throw FhirException.BadRequest($"{fullUrl} names {other.Request.Describe()}, which does not identify one resource to refer to.");
    }

    private async Task RewriteReferencesAsync(Session session, EntryPlan plan, CancellationToken cancellationToken)
    {
        try
        {
            await ReferenceRewriter.RewriteAsync(plan.Resource!, reference => MapReferenceAsync(session, reference, cancellationToken)).ConfigureAwait(false);
        }
        catch (FhirException e)
        {
            throw plan.Request.Name(e);
        }
    }

    private async Task<string?> MapReferenceAsync(Session session, string reference, CancellationToken cancellationToken)
    {
        if (reference.StartsWith('#'))
        {
            return null;
        }

        if (await TargetOfAsync(session, reference, cancellationToken).ConfigureAwait(false) is { } target)
        {
            return target;
        }

        if (reference.StartsWith("urn:uuid:", StringComparison.OrdinalIgnoreCase) || reference.StartsWith("urn:oid:", StringComparison.OrdinalIgnoreCase))
        {
            throw FhirException.BadRequest($"The reference '{reference}' does not resolve: no entry of this bundle has it as fullUrl.");
        }

        var mark = reference.IndexOf('?', StringComparison.Ordinal);
        if (mark > 0 && ResourceTypes.IsKnown(reference[..mark]))
        {
            return await ResolveConditionalReferenceAsync(session, reference, reference[..mark], cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>A conditional reference ("Patient?identifier=x|1") must match exactly one resource.</summary>
    private async Task<string> ResolveConditionalReferenceAsync(Session session, string reference, string type, CancellationToken cancellationToken)
    {
        if (session.ConditionalReferences.TryGetValue(reference, out var known))
        {
            return known;
        }

        var query = reference[(type.Length + 1)..];
        if (UrnPattern().IsMatch(query))
        {
            throw FhirException.BadRequest($"The conditional reference '{reference}' contains a urn; refer to the entry's fullUrl directly instead.");
        }

        var criteria = resources.ParseConditional(type, query);
        var matches = await search.FindAsync(session.Tenant, type, criteria, 2, cancellationToken).ConfigureAwait(false);
        var target = matches.Count switch
        {
            1 => $"{type}/{matches[0].Id}",
            0 => throw FhirException.PreconditionFailed($"The conditional reference '{reference}' matches no {type}; it must match exactly one."),
            _ => throw FhirException.PreconditionFailed($"The conditional reference '{reference}' matches more than one {type}; it must match exactly one."),
        };
        session.ConditionalReferences[reference] = target;
        return target;
    }

    [GeneratedRegex("urn:(uuid|oid):[A-Za-z0-9.\\-]+")]
    private static partial Regex UrnPattern();
}
