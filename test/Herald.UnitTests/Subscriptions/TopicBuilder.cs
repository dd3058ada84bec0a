using Herald.Subscriptions.Topics;
using Hl7.Fhir.Model;

namespace Herald.UnitTests.Subscriptions;

/// <summary>Builds topic <c>Basic</c> resources the way the Backport IG writes them.</summary>
internal static class TopicBuilder
{
    public const string TopicUrl = "http://example.org/topic/encounter-start";

    public static Basic Topic(params Extension[] elements)
    {
        var basic = new Basic
        {
            Code = new CodeableConcept(TopicExtensions.TypesSystem, TopicExtensions.TopicCode),
        };
        basic.Extension.AddRange(elements);
        return basic;
    }

    /// <summary>A topic with a url and the given elements.</summary>
    public static Basic WithUrl(params Extension[] elements) => Topic([Element("url", new FhirUri(TopicUrl)), .. elements]);

    public static Extension Element(string name, DataType value) => new(TopicExtensions.Url(name), value);

    public static Extension Complex(string name, params Extension[] children)
    {
        var extension = new Extension { Url = TopicExtensions.Url(name) };
        extension.Extension.AddRange(children);
        return extension;
    }

    public static Extension Child(string name, DataType value) => new(name, value);

    public static Extension Child(string name, params Extension[] children)
    {
        var extension = new Extension { Url = name };
        extension.Extension.AddRange(children);
        return extension;
    }

    public static Extension Trigger(string resource = "Encounter", params Extension[] more) =>
        Complex("resourceTrigger", [Child("resource", new FhirUri(resource)), .. more]);

    public static Extension Supported(string code) => Child("supportedInteraction", new Code(code));

    public static Extension Query(string? previous = null, string? current = null, string? resultForCreate = null, string? resultForDelete = null, bool? requireBoth = null)
    {
        var children = new List<Extension>();
        if (previous is not null)
        {
            children.Add(Child("previous", new FhirString(previous)));
        }

        if (resultForCreate is not null)
        {
            children.Add(Child("resultForCreate", new Code(resultForCreate)));
        }

        if (current is not null)
        {
            children.Add(Child("current", new FhirString(current)));
        }

        if (resultForDelete is not null)
        {
            children.Add(Child("resultForDelete", new Code(resultForDelete)));
        }

        if (requireBoth is not null)
        {
            children.Add(Child("requireBoth", new FhirBoolean(requireBoth)));
        }

        return Child("queryCriteria", [.. children]);
    }

    public static Extension FhirPath(string expression) => Child("fhirPathCriteria", new FhirString(expression));

    public static Extension Filter(string parameter, string? resource = "Encounter", string[]? comparators = null, string[]? modifiers = null)
    {
        var children = new List<Extension>();
        if (resource is not null)
        {
            children.Add(Child("resource", new FhirUri(resource)));
        }

        children.Add(Child("filterParameter", new FhirString(parameter)));
        children.AddRange((comparators ?? []).Select(c => Child("comparator", new Code(c))));
        children.AddRange((modifiers ?? []).Select(m => Child("modifier", new Code(m))));
        return Complex("canFilterBy", [.. children]);
    }

    public static Extension Shape(string resource = "Encounter", string[]? include = null, string[]? revInclude = null) =>
        Complex(
            "notificationShape",
            [
                Child("resource", new FhirUri(resource)),
                .. (include ?? []).Select(i => Child("include", new FhirString(i))),
                .. (revInclude ?? []).Select(r => Child("revInclude", new FhirString(r))),
            ]);
}
