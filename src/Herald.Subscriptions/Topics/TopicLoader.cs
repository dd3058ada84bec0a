using Herald.Core.Errors;
using Herald.Core.Fhir;
using Hl7.Fhir.Model;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// Loads topics from a folder at start-up (<c>--topics-dir</c>). A bad file stops the load with
/// the file's name and the problem: starting without a topic an operator asked for would drop
/// notifications silently.
/// </summary>
public static class TopicLoader
{
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
        try
        {
            // The same parser as the REST API, so a file loads exactly when a POST of it would.
            var resource = FhirSerializer.Instance.Parse(File.ReadAllText(file), FhirFormat.Json);
            return resource is Basic basic
                ? TopicParser.Parse(basic)
                : throw new InvalidDataException($"Topic file '{file}' holds a {resource.TypeName}, not a Basic.");
        }
        catch (FhirException e)
        {
            throw new InvalidDataException($"Topic file '{file}': {e.Message}", e);
        }
    }
}
