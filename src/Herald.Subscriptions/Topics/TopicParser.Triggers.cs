using Herald.Core.Errors;
using Herald.Core.Storage;
using Hl7.Fhir.Model;
using static Herald.Subscriptions.Topics.TopicExtensions;

namespace Herald.Subscriptions.Topics;

/// <summary><c>resourceTrigger</c> and its <c>queryCriteria</c>.</summary>
public static partial class TopicParser
{
    private static readonly IReadOnlySet<Interaction> AllInteractions =
        new HashSet<Interaction> { Interaction.Create, Interaction.Update, Interaction.Delete };

    private static ResourceTrigger ParseTrigger(Extension trigger, string path)
    {
        RejectUnknownChildren(trigger, path, "description", "resource", "supportedInteraction", "queryCriteria", "fhirPathCriteria");
        var resource = ResourceType(SingleChild(trigger, "resource", path), $"{path}.resource");

        var codes = Children(trigger, "supportedInteraction").Select(Text).ToList();
        var interactions = new HashSet<Interaction>();
        foreach (var code in codes)
        {
            interactions.Add(code switch
            {
                "create" => Interaction.Create,
                "update" => Interaction.Update,
                "delete" => Interaction.Delete,
                _ => throw FhirException.BadRequest($"{path}.supportedInteraction '{code}' is not one of create, update, delete."),
            });
        }

        var queries = Children(trigger, "queryCriteria").ToList();
        if (queries.Count > 1)
        {
            throw FhirException.BadRequest($"{path}.queryCriteria is given {queries.Count} times; it may appear once.");
        }

        var query = queries.Count == 1 ? ParseQueryCriteria(queries[0], resource, $"{path}.queryCriteria") : null;
        var fhirPath = SingleChild(trigger, "fhirPathCriteria", path);
        if (fhirPath is not null)
        {
            TopicCriteria.CompileFhirPath(fhirPath, $"{path}.fhirPathCriteria");
        }

        // R5: supportedInteraction absent means the trigger applies to every interaction.
        return new ResourceTrigger(resource, interactions.Count == 0 ? AllInteractions : interactions, query, fhirPath);
    }

    private static QueryCriteria ParseQueryCriteria(Extension criteria, string resource, string path)
    {
        RejectUnknownChildren(criteria, path, "previous", "resultForCreate", "current", "resultForDelete", "requireBoth");
        var previous = SingleChild(criteria, "previous", path);
        var current = SingleChild(criteria, "current", path);
        if (previous is null && current is null)
        {
            throw FhirException.BadRequest($"{path} needs previous or current (or both).");
        }

        if (previous is not null)
        {
            TopicCriteria.ParseQuery(resource, previous, $"{path}.previous");
        }

        if (current is not null)
        {
            TopicCriteria.ParseQuery(resource, current, $"{path}.current");
        }

        var requireBoth = Children(criteria, "requireBoth").FirstOrDefault() is { } both
            ? both.Value is FhirBoolean { Value: { } flag } ? flag : throw FhirException.BadRequest($"{path}.requireBoth must be a valueBoolean.")
            : false;
        return new QueryCriteria(
            previous,
            current,
            ResultCode(SingleChild(criteria, "resultForCreate", path), $"{path}.resultForCreate"),
            ResultCode(SingleChild(criteria, "resultForDelete", path), $"{path}.resultForDelete"),
            requireBoth);
    }

    private static bool? ResultCode(string? code, string path) => code switch
    {
        null => null,
        "test-passes" => true,
        "test-fails" => false,
        _ => throw FhirException.BadRequest($"{path} '{code}' is not test-passes or test-fails."),
    };
}
