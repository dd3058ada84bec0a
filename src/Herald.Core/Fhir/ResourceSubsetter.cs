using Hl7.Fhir.Model;

namespace Herald.Core.Fhir;

/// <summary>
/// Builds the reduced copies that <c>_summary</c> and <c>_elements</c> ask for, from the Firely
/// model's own metadata (which elements are in the summary, which are mandatory), and tags them
/// SUBSETTED as FHIR requires.
/// </summary>
public static class ResourceSubsetter
{
    private static readonly Coding Subsetted = new("http://terminology.hl7.org/CodeSystem/v3-ObservationValue", "SUBSETTED");

    /// <summary>Keeps elements marked "in summary" (plus mandatory ones).</summary>
    public static Resource Summary(Resource resource) =>
        Copy(resource, p => p.InSummary || p.IsMandatoryElement);

    /// <summary>Keeps only the text, id, meta and mandatory elements.</summary>
    public static Resource Text(Resource resource) =>
        Copy(resource, p => p.Name is "text" or "id" or "meta" || p.IsMandatoryElement);

    /// <summary>Removes the narrative.</summary>
    public static Resource Data(Resource resource) => Copy(resource, p => p.Name != "text");

    /// <summary>Keeps the named top-level elements (plus id, meta and mandatory ones).</summary>
    public static Resource Elements(Resource resource, IReadOnlyCollection<string> elements) =>
        Copy(resource, p => p.Name is "id" or "meta" || p.IsMandatoryElement || elements.Contains(p.Name));

    private static Resource Copy(Resource resource, Func<Hl7.Fhir.Introspection.PropertyMapping, bool> keep)
    {
        var mapping = ModelInfo.ModelInspector.FindClassMapping(resource.GetType())
            ?? throw new InvalidOperationException($"No class mapping for {resource.GetType().Name}.");
        var copy = (Resource)mapping.CreateInstance();
        foreach (var property in mapping.PropertyMappings.Where(keep))
        {
            var native = property.NativeProperty ?? throw new InvalidOperationException($"{mapping.Name}.{property.Name} has no CLR property.");
            native.SetValue(copy, native.GetValue(resource));
        }

        copy.Meta = (Meta?)copy.Meta?.DeepCopy() ?? new Meta();
        if (!copy.Meta.Tag.Any(t => t.Code == Subsetted.Code && t.System == Subsetted.System))
        {
            copy.Meta.Tag.Add((Coding)Subsetted.DeepCopy());
        }

        return copy;
    }
}
