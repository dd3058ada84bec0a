using Herald.Core.Errors;
using Herald.Core.Fhir;
using Hl7.Fhir.Model;
using static Herald.Subscriptions.Topics.TopicExtensions;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// Reads a <see cref="SubscriptionTopic"/> from an R4 <c>Basic</c> carrying the R5
/// SubscriptionTopic cross-version extensions (Backport IG STU 1.1). Everything the engine will
/// later rely on is validated here, so a bad topic is refused when it is written (400 naming the
/// element) instead of failing, or silently matching nothing, on every later write.
/// </summary>
public static partial class TopicParser
{
    private const string Root = "SubscriptionTopic";
    private const string StructureDefinitionPrefix = "http://hl7.org/fhir/StructureDefinition/";

    private static readonly HashSet<string> StatusCodes = ["draft", "active", "retired", "unknown"];

    /// <summary>Top-level R5 elements that Herald reads; the rest (name, version, date, ...) are descriptive.</summary>
    private static readonly HashSet<string> Unsupported = ["eventTrigger"];

    /// <summary>True when the resource is a <c>Basic</c> coded <c>http://hl7.org/fhir/fhir-types|SubscriptionTopic</c>.</summary>
    public static bool IsTopic(Resource resource) =>
        resource is Basic { Code: { } code } && code.Coding.Any(c => c.System == TypesSystem && c.Code == TopicCode);

    /// <summary>Parses and validates a topic; throws <see cref="FhirException"/> (400) naming the bad element.</summary>
    public static SubscriptionTopic Parse(Basic basic)
    {
        ArgumentNullException.ThrowIfNull(basic);
        if (!IsTopic(basic))
        {
            throw FhirException.BadRequest($"Basic.code must be {TypesSystem}|{TopicCode} for a subscription topic.");
        }

        RejectUnknownModifierExtensions(basic);
        if (Unsupported.FirstOrDefault(e => Elements(basic, e).Any()) is { } unsupported)
        {
            throw FhirException.BadRequest($"{Root}.{unsupported} is not supported; Herald evaluates resourceTrigger only.");
        }

        var url = Single(basic, "url");
        if (string.IsNullOrWhiteSpace(url))
        {
            throw FhirException.BadRequest($"{Root}.url is required (extension {TopicExtensions.Url("url")}).");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            throw FhirException.BadRequest($"{Root}.url '{url}' is not an absolute URI.");
        }

        // R5 makes status 1..1, but topics in the wild often omit it; a topic a server was given
        // to serve is treated as active unless it says otherwise.
        var status = Single(basic, "status") ?? "active";
        if (!StatusCodes.Contains(status))
        {
            throw FhirException.BadRequest($"{Root}.status '{status}' is not one of draft, active, retired, unknown.");
        }

        var triggers = Elements(basic, "resourceTrigger").Select((e, i) => ParseTrigger(e, $"{Root}.resourceTrigger[{i}]")).ToList();
        if (triggers.Count == 0)
        {
            throw FhirException.BadRequest($"{Root}.resourceTrigger is required: a topic needs at least one resource trigger.");
        }

        var triggerTypes = triggers.Select(t => t.Resource).Distinct().ToList();
        var filters = Elements(basic, "canFilterBy").Select((e, i) => ParseFilter(e, $"{Root}.canFilterBy[{i}]", triggerTypes)).ToList();
        var shapes = Elements(basic, "notificationShape").Select((e, i) => ParseShape(e, $"{Root}.notificationShape[{i}]")).ToList();
        return new SubscriptionTopic(url, Single(basic, "title"), status, Single(basic, "description"), triggers, filters, shapes);
    }

    /// <summary>
    /// A resource type given as a name or as its StructureDefinition URL (the IG uses both), as
    /// the plain R4 type name.
    /// </summary>
    private static string ResourceType(string? value, string path)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw FhirException.BadRequest($"{path} is required.");
        }

        var name = value.StartsWith(StructureDefinitionPrefix, StringComparison.Ordinal) ? value[StructureDefinitionPrefix.Length..] : value;
        return ResourceTypes.IsKnown(name)
            ? name
            : throw FhirException.BadRequest($"{path} '{value}' is not a FHIR R4 resource type.");
    }

    private static string? Single(Basic basic, string element)
    {
        var found = Elements(basic, element).ToList();
        return found.Count switch
        {
            0 => null,
            1 => Text(found[0]),
            _ => throw FhirException.BadRequest($"{Root}.{element} is given {found.Count} times; it may appear once."),
        };
    }

    private static string? SingleChild(Extension parent, string name, string path)
    {
        var found = Children(parent, name).ToList();
        return found.Count switch
        {
            0 => null,
            1 => Text(found[0]) ?? throw FhirException.BadRequest($"{path}.{name} has no value."),
            _ => throw FhirException.BadRequest($"{path}.{name} is given {found.Count} times; it may appear once."),
        };
    }

    /// <summary>
    /// A misspelt child (e.g. <c>supportedInteractions</c>) would otherwise be skipped and change
    /// what the topic means (here: trigger on every interaction), so unknown children are refused.
    /// </summary>
    private static void RejectUnknownChildren(Extension parent, string path, params string[] known)
    {
        if (parent.Extension.FirstOrDefault(c => !known.Contains(c.Url)) is { } child)
        {
            throw FhirException.BadRequest($"{path} has an unknown element '{child.Url}'; expected {string.Join(", ", known)}.");
        }
    }

    private static void RejectUnknownModifierExtensions(Basic basic)
    {
        if (basic.ModifierExtension.FirstOrDefault(e => e.Url != TopicExtensions.Url("status") && e.Url != R4BPrefix + "status") is { } modifier)
        {
            throw FhirException.BadRequest($"Basic.modifierExtension '{modifier.Url}' is not understood, and a modifier extension cannot be ignored.");
        }
    }
}
