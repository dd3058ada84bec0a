using System.Text.Json;
using Herald.Core.Errors;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// Loads topics from a folder at start-up (<c>--topics-dir</c>). A bad file stops the load with
/// the file's name and the problem: starting without a topic an operator asked for would drop
/// notifications silently.
/// </summary>
public static class TopicLoader
{
    private static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    /// <summary>Every <c>*.json</c> in <paramref name="path"/> (not recursive), in file-name order.</summary>
    public static IReadOnlyList<SubscriptionTopic> LoadDirectory(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Topics folder '{path}' does not exist.");
        }

        var topics = new List<SubscriptionTopic>();
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(path, "*.json").Order(StringComparer.Ordinal))
        {
            var topic = LoadFile(file);
            if (!urls.TryAdd(topic.Url, file))
            {
                throw new InvalidDataException($"Topic file '{file}': url '{topic.Url}' is already defined by '{urls[topic.Url]}'.");
            }

            topics.Add(topic);
        }

        return topics;
    }

    /// <summary>One topic file: a JSON <c>Basic</c>.</summary>
    public static SubscriptionTopic LoadFile(string file)
    {
        Resource? resource;
        try
        {
            resource = JsonSerializer.Deserialize<Resource>(File.ReadAllText(file), Options);
        }
        catch (Exception e) when (e is JsonException or DeserializationFailedException or NotSupportedException)
        {
            throw new InvalidDataException($"Topic file '{file}' is not a valid FHIR R4 JSON resource: {e.Message}", e);
        }

        if (resource is not Basic basic)
        {
            throw new InvalidDataException($"Topic file '{file}' holds a {resource?.TypeName ?? "nothing"}, not a Basic.");
        }

        try
        {
            return TopicParser.Parse(basic);
        }
        catch (FhirException e)
        {
            throw new InvalidDataException($"Topic file '{file}': {e.Message}", e);
        }
    }
}
