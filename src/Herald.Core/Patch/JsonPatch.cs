using System.Text.Json;
using System.Text.Json.Nodes;
using Herald.Core.Errors;

namespace Herald.Core.Patch;

/// <summary>
/// RFC 6902 JSON Patch over System.Text.Json nodes: add, remove, replace, move, copy, test.
/// Operations apply in order to the document; a malformed operation is a 400, an operation that
/// cannot apply to this document (missing path, failed test) is a 422. The input is not changed
/// when the patch fails part-way: callers pass a copy they own.
/// </summary>
public static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? document, string patchJson)
    {
        JsonNode? patch;
        try
        {
            patch = JsonNode.Parse(patchJson);
        }
        catch (JsonException e)
        {
            throw FhirException.BadRequest("The JSON Patch is not valid JSON: " + e.Message);
        }

        if (patch is not JsonArray operations)
        {
            throw FhirException.BadRequest("A JSON Patch document is a JSON array of operations.");
        }

        for (var i = 0; i < operations.Count; i++)
        {
            document = ApplyOne(document, operations[i] as JsonObject ?? throw Malformed(i, "is not a JSON object"), i);
        }

        return document;
    }

    private static JsonNode? ApplyOne(JsonNode? document, JsonObject operation, int index)
    {
        var op = Text(operation, "op", index);
        var path = JsonPointer.Parse(Text(operation, "path", index));
        switch (op)
        {
            case "add":
                return Add(document, path, Value(operation, index), index);
            case "remove":
                Remove(ref document, path, index);
                return document;
            case "replace":
                var replacement = Value(operation, index);
                Remove(ref document, path, index);
                return Add(document, path, replacement, index);
            case "move":
                var from = JsonPointer.Parse(Text(operation, "from", index));
                if (from.Count < path.Count && from.SequenceEqual(path.Take(from.Count)))
                {
                    throw Malformed(index, "moves a value into its own child");
                }

                var moved = Remove(ref document, from, index);
                return Add(document, path, moved, index);
            case "copy":
                var source = JsonPointer.Parse(Text(operation, "from", index));
                return Add(document, path, Get(document, source, index)?.DeepClone(), index);
            case "test":
                var actual = Get(document, path, index);
                if (!JsonNode.DeepEquals(actual, Value(operation, index)))
                {
                    throw FhirException.Unprocessable($"JSON Patch operation {index} (test) failed: the value at '{Text(operation, "path", index)}' is not the expected one.");
                }

                return document;
            default:
                throw Malformed(index, $"has unknown op '{op}'; use add, remove, replace, move, copy or test");
        }
    }

    private static JsonNode? Get(JsonNode? document, IReadOnlyList<string> path, int index)
    {
        var node = document;
        foreach (var token in path)
        {
            node = node switch
            {
                JsonObject obj when obj.TryGetPropertyValue(token, out var child) => child,
                JsonArray array when JsonPointer.ArrayIndex(token) is { } i && i < array.Count => array[i],
                _ => throw Missing(index, path),
            };
        }

        return node;
    }

    private static JsonNode? Add(JsonNode? document, IReadOnlyList<string> path, JsonNode? value, int index)
    {
        if (path.Count == 0)
        {
            return value;
        }

        var parent = Get(document, path.Take(path.Count - 1).ToArray(), index);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array when JsonPointer.ArrayIndex(last) is { } i && i <= array.Count:
                array.Insert(i, value);
                break;
            default:
                throw Missing(index, path);
        }

        return document;
    }

    private static JsonNode? Remove(ref JsonNode? document, IReadOnlyList<string> path, int index)
    {
        if (path.Count == 0)
        {
            var whole = document;
            document = null;
            return whole;
        }

        var parent = Get(document, path.Take(path.Count - 1).ToArray(), index);
        var last = path[^1];
        switch (parent)
        {
            case JsonObject obj when obj.TryGetPropertyValue(last, out var value):
                obj.Remove(last);
                return value;
            case JsonArray array when JsonPointer.ArrayIndex(last) is { } i && i < array.Count:
                var item = array[i];
                array.RemoveAt(i);
                return item;
            default:
                throw Missing(index, path);
        }
    }

    private static string Text(JsonObject operation, string member, int index) =>
        operation[member] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : throw Malformed(index, $"has no string member '{member}'");

    private static JsonNode? Value(JsonObject operation, int index) =>
        operation.TryGetPropertyValue("value", out var value)
            ? value?.DeepClone()
            : throw Malformed(index, "has no 'value'");

    private static FhirException Malformed(int index, string problem) =>
        FhirException.BadRequest($"JSON Patch operation {index} {problem}.");

    private static FhirException Missing(int index, IReadOnlyList<string> path) =>
        FhirException.Unprocessable($"JSON Patch operation {index}: the path '/{string.Join('/', path)}' does not exist in the resource.");
}
