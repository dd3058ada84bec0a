using Hl7.Fhir.Model;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// The R5 SubscriptionTopic cross-version extensions as carried by an R4 <c>Basic</c>, and small
/// readers for them. Sub-extensions of the complex ones are named by their R5 element name.
/// </summary>
public static class TopicExtensions
{
    public const string TypesSystem = "http://hl7.org/fhir/fhir-types";
    public const string TopicCode = "SubscriptionTopic";

    /// <summary>The prefix the Backport IG (STU 1.1) uses for R5 elements on R4.</summary>
    public const string R5Prefix = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.";

    /// <summary>
    /// Some of the IG's own examples (and servers following them) use the R4B prefix for the
    /// complex elements; the element shapes are identical, so both are read.
    /// </summary>
    public const string R4BPrefix = "http://hl7.org/fhir/4.3/StructureDefinition/extension-SubscriptionTopic.";

    public static string Url(string element) => R5Prefix + element;

    /// <summary>The top-level extensions for an R5 element, under either prefix, in document order.</summary>
    public static IEnumerable<Extension> Elements(DomainResource resource, string element) =>
        resource.Extension.Concat(resource.ModifierExtension)
            .Where(e => e.Url == R5Prefix + element || e.Url == R4BPrefix + element);

    /// <summary>The children of a complex extension named <paramref name="name"/>.</summary>
    public static IEnumerable<Extension> Children(Extension parent, string name) =>
        parent.Extension.Where(e => e.Url == name);

    /// <summary>
    /// The value of a primitive extension as text, whatever primitive it is (descriptions come as
    /// valueMarkdown in the IG and valueString elsewhere; the text is the same).
    /// </summary>
    public static string? Text(Extension? extension) => extension?.Value switch
    {
        null => null,
        FhirBoolean b => b.Value is { } v ? (v ? "true" : "false") : null,
        PrimitiveType p => p.ToString(),
        _ => null,
    };

    public static string? ChildText(Extension parent, string name) => Text(Children(parent, name).FirstOrDefault());

    public static IReadOnlyList<string> ChildTexts(Extension parent, string name) =>
        Children(parent, name).Select(Text).OfType<string>().ToList();
}
