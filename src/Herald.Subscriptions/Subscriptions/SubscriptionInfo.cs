using Herald.Core.Search.Query;

namespace Herald.Subscriptions.Subscriptions;

/// <summary>
/// A stored Subscription as the pipeline uses it (version-independent: an R5 adapter would
/// produce the same record).
/// </summary>
public sealed record SubscriptionInfo
{
    public required string Tenant { get; init; }

    public required string Id { get; init; }

    public required string Status { get; init; }

    public required string TopicUrl { get; init; }

    /// <summary>The filters as the client wrote them (returned verbatim).</summary>
    public IReadOnlyList<string> FilterTexts { get; init; } = [];

    /// <summary>Parsed filters, all ANDed; each applies to resources of its <see cref="SubscriptionFilter.ResourceType"/>.</summary>
    public IReadOnlyList<SubscriptionFilter> Filters { get; init; } = [];

    /// <summary><c>rest-hook</c>, <c>websocket</c>, or a custom code from <c>backport-channel-type</c>.</summary>
    public required string ChannelType { get; init; }

    public string? Endpoint { get; init; }

    /// <summary><c>application/fhir+json</c> or <c>application/fhir+xml</c> (the MIME type, parameters dropped).</summary>
    public string PayloadMimeType { get; init; } = "application/fhir+json";

    /// <summary><c>channel.payload</c> exactly as stored, for the Content-Type header.</summary>
    public string PayloadRaw { get; init; } = "application/fhir+json";

    public PayloadContent Content { get; init; } = PayloadContent.IdOnly;

    public int? HeartbeatPeriodSeconds { get; init; }

    public int? TimeoutSeconds { get; init; }

    public int MaxCount { get; init; } = 100;

    public DateTimeOffset? End { get; init; }

    /// <summary><c>channel.header</c> strings, verbatim.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>The change_log sequence from which this subscription matches writes.</summary>
    public long SinceSequence { get; init; }

    public bool IsMatching => Status is SubscriptionStatusCode.Requested or SubscriptionStatusCode.Active or SubscriptionStatusCode.Error;
}

/// <summary>One filter: a search criterion on resources of one type.</summary>
public sealed record SubscriptionFilter(string ResourceType, SearchCriterion Criterion, string Text);
