using System.Collections;
using Hl7.Fhir.Introspection;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Errors;

namespace Herald.Core.Patch;

/// <summary>Reflection over Firely POCOs: where an element sits in its parent, and how to change it there.</summary>
internal static class FhirPathElements
{
    /// <summary>Where one element is held: its parent, the property, and the index when the property repeats.</summary>
    public sealed record Slot(Base Parent, PropertyMapping Property, IList? List, int? Index)
    {
        public void Remove()
        {
            if (List is not null)
            {
                List.RemoveAt(Index!.Value);
            }
            else
            {
                Set(Parent, Property, null);
            }
        }

        public void Replace(Base value)
        {
            if (List is not null)
            {
                List[Index!.Value] = value;
            }
            else
            {
                Set(Parent, Property, value);
            }
        }
    }

    public static PropertyMapping Property(Base container, string name)
    {
        var mapping = ModelInfo.ModelInspector.FindClassMapping(container.GetType())
            ?? throw new InvalidOperationException($"No class mapping for {container.GetType().Name}.");
        return mapping.FindMappedElementByName(name) ?? mapping.FindMappedElementByChoiceName(name)
            ?? throw FhirException.Unprocessable($"{mapping.Name} has no element '{name}'.");
    }

    public static object? Get(Base parent, PropertyMapping property) => Native(property).GetValue(parent);

    public static void Set(Base parent, PropertyMapping property, Base? value)
    {
        var native = Native(property);
        if (value is not null && !native.PropertyType.IsInstanceOfType(value))
        {
            throw FhirException.Unprocessable($"a {value.TypeName} cannot be put into '{property.Name}'.");
        }

        native.SetValue(parent, value);
    }

    public static IList List(Base parent, PropertyMapping property) =>
        Get(parent, property) as IList ?? throw new InvalidOperationException($"{property.Name} is not a list.");

    /// <summary>Finds <paramref name="target"/> in the tree by reference (FHIRPath on POCOs returns the elements themselves).</summary>
    public static Slot Locate(Base root, Base target)
    {
        var stack = new Stack<Base>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var (name, value) in node.EnumerateElements())
            {
                if (ReferenceEquals(value, target))
                {
                    return new Slot(node, Property(node, name), null, null);
                }

                if (value is Base child)
                {
                    stack.Push(child);
                }
                else if (value is IList list)
                {
                    for (var i = 0; i < list.Count; i++)
                    {
                        if (ReferenceEquals(list[i], target))
                        {
                            var property = Property(node, name);
                            return new Slot(node, property, List(node, property), i);
                        }

                        if (list[i] is Base item)
                        {
                            stack.Push(item);
                        }
                    }
                }
            }
        }

        throw FhirException.Unprocessable("the element the path selects cannot be changed (it is not an element of the resource).");
    }

    private static System.Reflection.PropertyInfo Native(PropertyMapping property) =>
        property.NativeProperty ?? throw new InvalidOperationException($"{property.Name} has no CLR property.");
}
