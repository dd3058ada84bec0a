using System.Runtime.CompilerServices;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Matching;
using Herald.Core.Search.Query;
using Herald.Core.Storage;
using Hl7.Fhir.Model;
using Hl7.FhirPath;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// Decides whether a write fires a topic's <c>resourceTrigger</c>, with R5 SubscriptionTopic
/// semantics. Called on every write, so each trigger's criteria are parsed and compiled once and
/// cached against the trigger instance (weakly: a replaced topic's cache goes with it).
/// </summary>
/// <remarks>
/// R5 text this implements (SubscriptionTopic.resourceTrigger.queryCriteria):
/// <list type="bullet">
/// <item><c>resultForCreate</c>: "For <c>create</c> interactions, should the <c>previous</c> criteria
/// count as an automatic pass or an automatic fail. If not present, the testing behavior during
/// <c>create</c> interactions is unspecified (server discretion)."</item>
/// <item><c>resultForDelete</c>: "For 'delete' interactions, should the 'current' query criteria count
/// as an automatic pass or an automatic fail. If not present, the testing behavior during
/// <c>delete</c> interactions is unspecified (server discretion)."</item>
/// <item><c>requireBoth</c>: "If set to <c>true</c>, both the <c>current</c> and <c>previous</c> query
/// criteria must evaluate <c>true</c> to trigger a notification for this topic. If set to
/// <c>false</c> or not present, a notification for this topic will be triggered if either the
/// <c>current</c> or <c>previous</c> tests evaluate to <c>true</c>."</item>
/// </list>
/// Herald's discretion where R5 leaves it open: an absent <c>resultForCreate</c> /
/// <c>resultForDelete</c> counts as <c>test-fails</c>, because a search over a resource that does
/// not exist finds nothing. A side whose criteria the topic does not give takes no part in the
/// decision (so with only <c>current</c>, <c>current</c> alone decides, whatever requireBoth says).
/// A missing previous version on an update (update-as-create) is treated like a create.
/// All criteria the trigger gives must pass: the queryCriteria decision AND fhirPathCriteria.
/// </remarks>
public sealed class TopicTriggerEvaluator(SearchMatcher matcher)
{
    private readonly ConditionalWeakTable<ResourceTrigger, CompiledTrigger> _compiled = [];

    public TopicTriggerEvaluator()
        : this(new SearchMatcher(new SearchIndexer()))
    {
    }

    /// <summary>The topic's triggers on <paramref name="resourceType"/>; they are ORed.</summary>
    public IEnumerable<ResourceTrigger> TriggersFor(SubscriptionTopic topic, string resourceType) =>
        topic.Triggers.Where(t => t.Resource == resourceType);

    /// <summary>True when any of the topic's triggers on the written resource's type fires.</summary>
    public bool Triggers(
        SubscriptionTopic topic,
        Interaction interaction,
        Resource? previous,
        Resource? current,
        DateTimeOffset previousLastUpdated,
        DateTimeOffset currentLastUpdated)
    {
        var type = (current ?? previous)?.TypeName;
        return type is not null && TriggersFor(topic, type)
            .Any(t => Triggers(t, interaction, previous, current, previousLastUpdated, currentLastUpdated));
    }

    /// <summary>
    /// Whether one trigger fires. <paramref name="previous"/> is null on create,
    /// <paramref name="current"/> is null on delete (the deleted version is then <paramref name="previous"/>).
    /// </summary>
    public bool Triggers(
        ResourceTrigger trigger,
        Interaction interaction,
        Resource? previous,
        Resource? current,
        DateTimeOffset previousLastUpdated,
        DateTimeOffset currentLastUpdated)
    {
        if (!trigger.Interactions.Contains(interaction))
        {
            return false;
        }

        // A write of another type can never fire this trigger (defensive: callers use TriggersFor).
        if ((current ?? previous) is not { } focus || focus.TypeName != trigger.Resource)
        {
            return false;
        }

        var compiled = _compiled.GetValue(trigger, Compile);
        if (trigger.Query is { } query && !QueryPasses(compiled, query, previous, current, previousLastUpdated, currentLastUpdated))
        {
            return false;
        }

        return compiled.FhirPath is not { } expression || FhirPathPasses(expression, focus, previous, current);
    }

    private bool QueryPasses(
        CompiledTrigger compiled,
        QueryCriteria query,
        Resource? previous,
        Resource? current,
        DateTimeOffset previousLastUpdated,
        DateTimeOffset currentLastUpdated)
    {
        bool? previousResult = compiled.Previous is not { } p ? null
            : previous is null ? query.ResultForCreate ?? false
            : matcher.Matches(p, previous, previousLastUpdated);
        bool? currentResult = compiled.Current is not { } c ? null
            : current is null ? query.ResultForDelete ?? false
            : matcher.Matches(c, current, currentLastUpdated);

        return (previousResult, currentResult) switch
        {
            (null, null) => true,
            (null, { } only) => only,
            ({ } only, null) => only,
            ({ } before, { } after) => query.RequireBoth ? before && after : before || after,
        };
    }

    /// <summary>
    /// FHIRPath with <c>%previous</c> and <c>%current</c> (empty on create / delete); the focus is the
    /// resource as written (the deleted version on delete). Only a single <c>true</c> passes.
    /// </summary>
    private static bool FhirPathPasses(CompiledExpression expression, Resource focus, Resource? previous, Resource? current)
    {
        var context = SearchIndexer.NewContext();
        context.Environment["previous"] = previous is null ? [] : [previous.ToPocoNode()];
        context.Environment["current"] = current is null ? [] : [current.ToPocoNode()];
        return expression.IsTrue(focus.ToPocoNode(), context);
    }

    private static CompiledTrigger Compile(ResourceTrigger trigger)
    {
        const string path = "SubscriptionTopic.resourceTrigger";
        return new CompiledTrigger(
            trigger.Query?.Previous is { } previous ? TopicCriteria.ParseQuery(trigger.Resource, previous, $"{path}.queryCriteria.previous") : null,
            trigger.Query?.Current is { } current ? TopicCriteria.ParseQuery(trigger.Resource, current, $"{path}.queryCriteria.current") : null,
            trigger.FhirPathCriteria is { } fhirPath ? TopicCriteria.CompileFhirPath(fhirPath, $"{path}.fhirPathCriteria") : null);
    }

    private sealed record CompiledTrigger(
        IReadOnlyList<SearchCriterion>? Previous,
        IReadOnlyList<SearchCriterion>? Current,
        CompiledExpression? FhirPath);
}
