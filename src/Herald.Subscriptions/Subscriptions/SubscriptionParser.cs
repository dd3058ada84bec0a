using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Matching;
using Herald.Core.Search.Query;
using Herald.Subscriptions.Topics;

namespace Herald.Subscriptions.Subscriptions;

/// <summary>
/// Reads an R4 Subscription (backport-subscription profile) into a <see cref="SubscriptionInfo"/>,
/// rejecting with a 400 whatever Herald could not honour exactly as asked (SUB-10, SUB-29, SUB-43).
/// </summary>
public sealed partial class SubscriptionParser(ITopicCatalog topics, SearchQueryParser queries, IChannelTypes channels)
{
    public SubscriptionInfo Parse(string tenant, Subscription subscription)
    {
        RejectUnknownExtensions(subscription);
        var topicUrl = subscription.Criteria
            ?? throw Invalid("Subscription.criteria is required: the canonical URL of the SubscriptionTopic to subscribe to.");
        var topic = topics.Find(tenant, topicUrl)
            ?? throw Invalid($"Subscription.criteria '{topicUrl}' is not a topic this server knows; see the topics listed on the Subscription entry of /metadata.");
        var filterTexts = subscription.CriteriaElement?.Extension
            .Where(e => e.Url == BackportExtensions.FilterCriteria)
            .Select(e => (e.Value as FhirString)?.Value ?? throw Invalid("backport-filter-criteria must be a valueString."))
            .ToList() ?? [];
        var filters = filterTexts.Select(text => ParseFilter(topic, text)).ToList();

        var channel = subscription.Channel ?? throw Invalid("Subscription.channel is required.");
        var channelType = ChannelTypeOf(channel);
        if (!channels.IsSupported(channelType))
        {
            throw Invalid($"Channel type '{channelType}' is not supported; supported: {string.Join(", ", channels.Supported)}.");
        }

        var (mime, raw, content) = Payload(channel);
        return new SubscriptionInfo
        {
            Tenant = tenant,
            Id = subscription.Id ?? "",
            Status = subscription.Status?.ToString().ToLowerInvariant() ?? SubscriptionStatusCode.Requested,
            TopicUrl = topicUrl,
            FilterTexts = filterTexts,
            Filters = filters,
            ChannelType = channelType,
            Endpoint = channel.Endpoint,
            PayloadMimeType = mime,
            PayloadRaw = raw,
            Content = content,
            HeartbeatPeriodSeconds = IntExtension(channel, BackportExtensions.HeartbeatPeriod, 0),
            TimeoutSeconds = IntExtension(channel, BackportExtensions.Timeout, 1),
            MaxCount = IntExtension(channel, BackportExtensions.MaxCount, 1) ?? 100,
            End = subscription.End,
            Headers = channel.Header.Where(h => h is not null).Select(h => h!).ToList(),
        };
    }

    private static string ChannelTypeOf(Subscription.ChannelComponent channel)
    {
        var custom = channel.TypeElement?.Extension.Concat(channel.Extension)
            .FirstOrDefault(e => e.Url == BackportExtensions.ChannelType)?.Value as Coding;
        if (custom?.Code is { } code)
        {
            return code;
        }

        return channel.Type switch
        {
            Subscription.SubscriptionChannelType.RestHook => "rest-hook",
            Subscription.SubscriptionChannelType.Websocket => "websocket",
            Subscription.SubscriptionChannelType.Email => "email",
            Subscription.SubscriptionChannelType.Sms => "sms",
            Subscription.SubscriptionChannelType.Message => "message",
            _ => throw Invalid("Subscription.channel.type is required."),
        };
    }

    private static (string Mime, string Raw, PayloadContent Content) Payload(Subscription.ChannelComponent channel)
    {
        var raw = channel.Payload;
        if (string.IsNullOrWhiteSpace(raw))
        {
            // R4: no payload means no resource content at all.
            return ("application/fhir+json", "application/fhir+json", PayloadContent.Empty);
        }

        var parts = raw.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var mime = parts[0].ToLowerInvariant();
        if (mime is not ("application/fhir+json" or "application/fhir+xml"))
        {
            throw Invalid($"Subscription.channel.payload '{raw}' is not supported; use application/fhir+json or application/fhir+xml.");
        }

        foreach (var parameter in parts.Skip(1))
        {
            var (name, value) = parameter.Split('=', 2) is [var n, var v] ? (n.Trim(), v.Trim().Trim('"')) : (parameter, "");
            if (name.Equals("fhirVersion", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("4.0", StringComparison.Ordinal))
            {
                throw Invalid($"Subscription.channel.payload asks for FHIR version '{value}'; this server produces 4.0 (R4).");
            }
        }

        var contentExtension = channel.PayloadElement?.Extension.FirstOrDefault(e => e.Url == BackportExtensions.PayloadContent);
        var content = contentExtension is null
            ? PayloadContent.IdOnly
            : PayloadContentCodes.Parse((contentExtension.Value as Code)?.Value ?? (contentExtension.Value as FhirString)?.Value)
              ?? throw Invalid($"backport-payload-content '{contentExtension.Value}' is not one of empty, id-only, full-resource.");
        return (mime, raw, content);
    }

    private static int? IntExtension(Subscription.ChannelComponent channel, string url, int minimum)
    {
        var extension = channel.Extension.FirstOrDefault(e => e.Url == url);
        if (extension is null)
        {
            return null;
        }

        var value = extension.Value switch
        {
            UnsignedInt u => u.Value,
            PositiveInt p => p.Value,
            Integer i => i.Value,
            _ => null,
        };
        return value is { } v && v >= minimum
            ? v
            : throw Invalid($"{url[(url.LastIndexOf('/') + 1)..]} must be an integer of at least {minimum}.");
    }

    private static FhirException Invalid(string message) => FhirException.BadRequest(message);
}
