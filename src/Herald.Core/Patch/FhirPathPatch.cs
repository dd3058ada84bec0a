using System.Collections;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Errors;
using Herald.Core.Fhir;

namespace Herald.Core.Patch;

/// <summary>
/// FHIRPath Patch (FHIR R4 2.1.0.8): a Parameters resource of <c>operation</c>s (add, insert,
/// delete, replace, move) whose <c>path</c> Firely's FHIRPath engine evaluates on the POCO. The
/// element found is then located in its parent by reference, so the edit is made in place.
/// Values are value[x] or, for complex types, parts named by element.
/// </summary>
public static class FhirPathPatch
{
    public static void Apply(Resource resource, Parameters patch)
    {
        for (var i = 0; i < patch.Parameter.Count; i++)
        {
            var operation = patch.Parameter[i];
            if (operation.Name != "operation")
            {
                throw FhirException.BadRequest($"FHIRPath Patch parameter {i} is named '{operation.Name}'; every parameter must be an 'operation'.");
            }

            try
            {
                ApplyOne(resource, new Operation(operation, i));
            }
            catch (FhirException e)
            {
                throw new FhirException(e.Status, e.IssueType, $"FHIRPath Patch operation {i}: {e.Message}");
            }
        }
    }

    private static void ApplyOne(Resource resource, Operation op)
    {
        var type = op.Text("type");
        var path = op.Text("path");
        var targets = Evaluate(resource, path);
        switch (type)
        {
            case "add":
            {
                var container = Single(targets, path);
                var name = op.Text("name");
                var property = FhirPathElements.Property(container, name);
                var value = FhirPathValues.Build(property, op.ValuePart());
                if (property.IsCollection)
                {
                    FhirPathElements.List(container, property).Add(value);
                }
                else if (FhirPathElements.Get(container, property) is not null)
                {
                    throw FhirException.Unprocessable($"'{path}' already has '{name}'; use replace to change it.");
                }
                else
                {
                    FhirPathElements.Set(container, property, value);
                }

                break;
            }

            case "insert":
            {
                var (list, property) = ListAt(resource, path, targets);
                var index = op.Integer("index");
                if (index < 0 || index > list.Count)
                {
                    throw FhirException.Unprocessable($"index {index} is outside the list '{path}' of {list.Count} items.");
                }

                list.Insert(index, FhirPathValues.Build(property, op.ValuePart()));
                break;
            }

            case "delete":
                if (targets.Count == 0)
                {
                    return; // FHIRPath Patch: deleting nothing is not an error.
                }

                FhirPathElements.Locate(resource, Single(targets, path)).Remove();
                break;
            case "replace":
            {
                var slot = FhirPathElements.Locate(resource, Single(targets, path));
                slot.Replace(FhirPathValues.Build(slot.Property, op.ValuePart()));
                break;
            }

            case "move":
            {
                var (list, _) = ListAt(resource, path, targets);
                var (source, destination) = (op.Integer("source"), op.Integer("destination"));
                if (source < 0 || source >= list.Count || destination < 0 || destination >= list.Count)
                {
                    throw FhirException.Unprocessable($"move from {source} to {destination} is outside the list '{path}' of {list.Count} items.");
                }

                var item = list[source];
                list.RemoveAt(source);
                list.Insert(destination, item);
                break;
            }

            default:
                throw FhirException.BadRequest($"type '{type}' is not supported; use add, insert, delete, replace or move.");
        }
    }

    private static List<Base> Evaluate(Resource resource, string path)
    {
        FhirPathLimits.Check(path, "path");
        try
        {
            return resource.Select(path, new FhirEvaluationContext()).OfType<Base>().ToList();
        }
        catch (Exception e) when (e is not FhirException and (FormatException or ArgumentException or InvalidOperationException or InvalidCastException))
        {
            throw FhirException.BadRequest($"path '{path}' cannot be evaluated: {e.Message}");
        }
    }

    private static Base Single(List<Base> targets, string path) => targets.Count switch
    {
        1 => targets[0],
        0 => throw FhirException.Unprocessable($"path '{path}' matches nothing in the resource."),
        _ => throw FhirException.Unprocessable($"path '{path}' matches {targets.Count} elements; it must match exactly one."),
    };

    /// <summary>The list a path names: found through its items, or (when empty) as the last step of the path.</summary>
    private static (IList List, Hl7.Fhir.Introspection.PropertyMapping Property) ListAt(Resource resource, string path, List<Base> items)
    {
        if (items.Count > 0)
        {
            var slot = FhirPathElements.Locate(resource, items[0]);
            return slot.Index is null
                ? throw FhirException.Unprocessable($"path '{path}' is not a repeating element.")
                : (slot.List!, slot.Property);
        }

        var dot = path.LastIndexOf('.');
        var name = dot < 0 ? "" : path[(dot + 1)..];
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw FhirException.Unprocessable($"path '{path}' matches nothing, and does not end in an element name to insert into.");
        }

        var container = Single(Evaluate(resource, path[..dot]), path[..dot]);
        var property = FhirPathElements.Property(container, name);
        return property.IsCollection
            ? (FhirPathElements.List(container, property), property)
            : throw FhirException.Unprocessable($"'{name}' is not a repeating element.");
    }

    /// <summary>One operation's parts, with typed access and clear errors.</summary>
    private sealed class Operation(Parameters.ParameterComponent operation, int index)
    {
        public int Index { get; } = index;

        public Parameters.ParameterComponent? Part(string name) => operation.Part.FirstOrDefault(p => p.Name == name);

        public string Text(string name) =>
            Part(name)?.Value is PrimitiveType { JsonValue: { } value } ? value.ToString() ?? ""
                : throw FhirException.BadRequest($"the part '{name}' is missing.");

        public int Integer(string name) =>
            Part(name)?.Value is Integer { Value: { } value } ? value
                : throw FhirException.BadRequest($"the part '{name}' (an integer) is missing.");

        public Parameters.ParameterComponent ValuePart() =>
            Part("value") ?? throw FhirException.BadRequest("the part 'value' is missing.");
    }
}
