using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Search.Definitions;
using Hl7.Fhir.Model;
using static Herald.Subscriptions.Topics.TopicExtensions;

namespace Herald.Subscriptions.Topics;

/// <summary><c>canFilterBy</c> and <c>notificationShape</c>.</summary>
public static partial class TopicParser
{
    private static readonly HashSet<string> Comparators = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"];

    /// <summary>R5 binds canFilterBy.modifier to search-modifier-code (required).</summary>
    private static readonly HashSet<string> Modifiers =
    [
        "missing", "exact", "contains", "not", "text", "in", "not-in", "below", "above", "type",
        "identifier", "of-type", "code-text", "text-advanced", "iterate",
    ];

    private static FilterDefinition ParseFilter(Extension filter, string path, IReadOnlyList<string> triggerTypes)
    {
        RejectUnknownChildren(filter, path, "description", "resource", "filterParameter", "filterDefinition", "comparator", "modifier");
        var resourceText = SingleChild(filter, "resource", path);
        var resource = resourceText is null ? null : ResourceType(resourceText, $"{path}.resource");
        var parameter = SingleChild(filter, "filterParameter", path);
        if (string.IsNullOrWhiteSpace(parameter))
        {
            throw FhirException.BadRequest($"{path}.filterParameter is required.");
        }

        // Without a resource the filter applies to the topic's focus types: it must exist on one.
        var candidates = resource is null ? triggerTypes : [resource];
        if (!candidates.Any(type => SearchParameterRegistry.Instance.Find(type, parameter) is not null))
        {
            throw FhirException.BadRequest(
                $"{path}.filterParameter '{parameter}' is not a search parameter of {string.Join(" or ", candidates)}.");
        }

        var comparators = ChildTexts(filter, "comparator");
        if (comparators.FirstOrDefault(c => !Comparators.Contains(c)) is { } badComparator)
        {
            throw FhirException.BadRequest($"{path}.comparator '{badComparator}' is not one of {string.Join(", ", Comparators)}.");
        }

        var modifiers = ChildTexts(filter, "modifier");
        if (modifiers.FirstOrDefault(m => !Modifiers.Contains(m)) is { } badModifier)
        {
            throw FhirException.BadRequest($"{path}.modifier '{badModifier}' is not a search modifier code ({string.Join(", ", Modifiers)}).");
        }

        return new FilterDefinition(resource, parameter, comparators, modifiers, SingleChild(filter, "description", path));
    }

    private static NotificationShape ParseShape(Extension shape, string path)
    {
        RejectUnknownChildren(shape, path, "resource", "include", "revInclude");
        var resource = ResourceType(SingleChild(shape, "resource", path), $"{path}.resource");
        var includes = ChildTexts(shape, "include");
        for (var i = 0; i < includes.Count; i++)
        {
            CheckInclude(includes[i], $"{path}.include[{i}]", resource, reverse: false);
        }

        var revIncludes = ChildTexts(shape, "revInclude");
        for (var i = 0; i < revIncludes.Count; i++)
        {
            CheckInclude(revIncludes[i], $"{path}.revInclude[{i}]", resource, reverse: true);
        }

        return new NotificationShape(resource, includes, revIncludes);
    }

    /// <summary>
    /// <c>Source:param[:Target]</c> as in _include/_revinclude. For an include the source is the
    /// focus type; for a revInclude the parameter must be able to point at the focus type. The
    /// <c>&amp;iterate=</c> form the IG shows is refused rather than half-honoured.
    /// </summary>
    private static void CheckInclude(string value, string path, string focus, bool reverse)
    {
        if (value.Contains('&', StringComparison.Ordinal) || value.Contains(":iterate", StringComparison.Ordinal))
        {
            throw FhirException.BadRequest($"{path} '{value}': iterate is not supported; give Type:param[:Target].");
        }

        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw FhirException.BadRequest($"{path} '{value}' is not Type:param[:Target].");
        }

        var (source, name) = (parts[0], parts[1]);
        if (!ResourceTypes.IsKnown(source))
        {
            throw FhirException.BadRequest($"{path} '{value}': '{source}' is not a FHIR R4 resource type.");
        }

        if (!reverse && source != focus)
        {
            throw FhirException.BadRequest($"{path} '{value}' must start with the shape's resource '{focus}'.");
        }

        var parameter = SearchParameterRegistry.Instance.Find(source, name);
        if (parameter is not { Type: SearchParamType.Reference })
        {
            throw FhirException.BadRequest($"{path} '{value}': '{name}' is not a reference search parameter of {source}.");
        }

        var target = parts.Length == 3 ? parts[2] : null;
        if (target is not null && (!ResourceTypes.IsKnown(target) || !CanReferTo(parameter, target)))
        {
            throw FhirException.BadRequest($"{path} '{value}': {source}.{name} cannot refer to '{target}'.");
        }

        if (reverse && (target ?? focus) != focus)
        {
            throw FhirException.BadRequest($"{path} '{value}' must target the shape's resource '{focus}'.");
        }

        if (reverse && !CanReferTo(parameter, focus))
        {
            throw FhirException.BadRequest($"{path} '{value}': {source}.{name} cannot refer to '{focus}', so it never includes anything.");
        }
    }

    private static bool CanReferTo(SearchParameterInfo parameter, string type) =>
        parameter.Targets.Count == 0 || parameter.Targets.Contains(type) || parameter.Targets.Contains("Resource");
}
