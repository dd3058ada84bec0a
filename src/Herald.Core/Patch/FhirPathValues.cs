using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Errors;

namespace Herald.Core.Patch;

/// <summary>Builds the element a FHIRPath Patch operation puts in place, typed for the target property.</summary>
internal static class FhirPathValues
{
    public static Base Build(PropertyMapping property, Parameters.ParameterComponent value)
    {
        var type = property.ImplementingType;
        if (value.Value is { } given)
        {
            if (type.IsInstanceOfType(given))
            {
                return given;
            }

            // valueCode into a Code<T>, valueString into markdown, ...: same literal, the property's type.
            if (given is PrimitiveType primitive && typeof(PrimitiveType).IsAssignableFrom(type) && !type.IsAbstract
                && Activator.CreateInstance(type) is PrimitiveType converted)
            {
                try
                {
                    converted.JsonValue = primitive.JsonValue;
                    return converted;
                }
                catch (Exception e) when (e is FormatException or InvalidCastException or ArgumentException)
                {
                    throw FhirException.Unprocessable($"'{primitive.JsonValue}' is not a valid {type.Name} for '{property.Name}'.");
                }
            }

            throw FhirException.Unprocessable($"a {given.TypeName} cannot be put into '{property.Name}' (a {type.Name}).");
        }

        if (value.Part.Count == 0)
        {
            throw FhirException.BadRequest("the 'value' part has neither a value[x] nor parts.");
        }

        if (type.IsAbstract || ModelInfo.ModelInspector.FindClassMapping(type) is not { } mapping)
        {
            throw FhirException.BadRequest($"'{property.Name}' can hold several types; give the value as value[x], not as parts.");
        }

        var built = mapping.CreateInstance();
        foreach (var part in value.Part)
        {
            var child = FhirPathElements.Property(built, part.Name ?? "");
            var element = Build(child, part);
            if (child.IsCollection)
            {
                FhirPathElements.List(built, child).Add(element);
            }
            else
            {
                FhirPathElements.Set(built, child, element);
            }
        }

        return built;
    }
}
