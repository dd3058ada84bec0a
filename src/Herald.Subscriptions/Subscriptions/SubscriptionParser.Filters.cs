using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Search.Matching;
using Herald.Core.Search.Query;
using Herald.Subscriptions.Topics;

namespace Herald.Subscriptions.Subscriptions;

public sealed partial class SubscriptionParser
{
    private static readonly string[] Prefixes = ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"];

    /// <summary>
    /// Accepts <c>Encounter?patient=Patient/1</c>, <c>Encounter.patient=Patient/1</c> and
    /// <c>patient=Patient/1</c> (SUB-28); the parameter, its modifier and any comparator prefix must
    /// be allowed by the topic's canFilterBy (SUB-29, SUB-30).
    /// </summary>
    private SubscriptionFilter ParseFilter(SubscriptionTopic topic, string text)
    {
        var (type, query) = SplitType(topic, text);
        var equals = query.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw Invalid($"Filter '{text}' is not 'parameter=value'.");
        }

        var key = Uri.UnescapeDataString(query[..equals]);
        var value = Uri.UnescapeDataString(query[(equals + 1)..]);
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? key : key[..colon];
        var modifier = colon < 0 ? null : key[(colon + 1)..];
        var allowed = topic.CanFilterBy.Where(f => f.Parameter == name && (f.Resource is null || ResourceName(f.Resource) == type)).ToList();
        if (allowed.Count == 0)
        {
            throw Invalid($"Filter '{text}': the topic '{topic.Url}' does not allow filtering {type} by '{name}' (see its canFilterBy).");
        }

        if (modifier is not null && !allowed.Any(f => f.Modifiers.Contains(modifier)))
        {
            throw Invalid($"Filter '{text}': modifier ':{modifier}' is not allowed by the topic for '{name}'.");
        }

        var criterion = queries.ParseCriterion(type, key, value, new SearchParseOptions(true, 1, 1, null), out var reason)
            ?? throw Invalid($"Filter '{text}': {reason}");
        if (!SearchMatcher.Supports(criterion))
        {
            throw Invalid($"Filter '{text}': chained and _has filters are not supported.");
        }

        foreach (var part in value.Split(','))
        {
            var prefix = Prefixes.FirstOrDefault(p => part.StartsWith(p, StringComparison.Ordinal) && part.Length > 2 && (char.IsDigit(part[2]) || part[2] == '-'));
            if (prefix is not null && prefix != "eq" && criterion is ValueCriterion { Values: [DateValue or NumberValue or QuantityValue, ..] }
                && !allowed.Any(f => f.Comparators.Contains(prefix)))
            {
                throw Invalid($"Filter '{text}': comparator '{prefix}' is not allowed by the topic for '{name}'.");
            }
        }

        return new SubscriptionFilter(type, criterion, text);
    }

    private static (string Type, string Query) SplitType(SubscriptionTopic topic, string text)
    {
        var question = text.IndexOf('?', StringComparison.Ordinal);
        if (question > 0)
        {
            return (RequireType(topic, text, text[..question]), text[(question + 1)..]);
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (dot > 0 && (equals < 0 || dot < equals) && char.IsUpper(text[0]))
        {
            return (RequireType(topic, text, text[..dot]), text[(dot + 1)..]);
        }

        var types = topic.Triggers.Select(t => t.Resource).Distinct(StringComparer.Ordinal).ToList();
        return types.Count == 1
            ? (types[0], text)
            : throw Invalid($"Filter '{text}' must name its resource type (e.g. '{types.FirstOrDefault() ?? "Encounter"}?{text}') because the topic covers several.");
    }

    private static string RequireType(SubscriptionTopic topic, string text, string type)
    {
        if (!Herald.Core.Fhir.ResourceTypes.IsKnown(type) || topic.Triggers.All(t => t.Resource != type))
        {
            throw Invalid($"Filter '{text}': '{type}' is not a resource type of topic '{topic.Url}'.");
        }

        return type;
    }

    private static string ResourceName(string resource) =>
        resource.StartsWith("http://hl7.org/fhir/StructureDefinition/", StringComparison.Ordinal) ? resource[40..] : resource;

    /// <summary>Modifier extensions and backport extensions Herald does not know would change meaning silently: reject them (SUB-43).</summary>
    private static void RejectUnknownExtensions(Subscription subscription)
    {
        var root = subscription.ToPocoNode();
        foreach (var element in new[] { root }.Descendants().Select(n => n.Poco).Append(subscription))
        {
            var extensions = element switch
            {
                DomainResource r => r.Extension.Concat(r.ModifierExtension),
                BackboneElement b => b.Extension.Concat(b.ModifierExtension),
                Element e => e.Extension,
                _ => [],
            };
            foreach (var extension in extensions)
            {
                var url = extension.Url ?? "";
                if (url.StartsWith(BackportExtensions.CrossVersionBase, StringComparison.Ordinal)
                    || (url.StartsWith(BackportExtensions.Base, StringComparison.Ordinal) && !BackportExtensions.Known.Contains(url)))
                {
                    throw Invalid($"Extension '{url}' is not supported by this server; a Subscription must not rely on it.");
                }
            }

            if (element is DomainResource { ModifierExtension.Count: > 0 } or BackboneElement { ModifierExtension.Count: > 0 })
            {
                throw Invalid("Subscription carries a modifierExtension this server does not understand.");
            }
        }
    }
}
