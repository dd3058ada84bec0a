namespace Herald.Subscriptions.Subscriptions;

/// <summary>Extension URLs of the Subscriptions R5 Backport IG (STU 1.1) that Herald understands.</summary>
public static class BackportExtensions
{
    public const string Base = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    public const string FilterCriteria = Base + "backport-filter-criteria";
    public const string PayloadContent = Base + "backport-payload-content";
    public const string HeartbeatPeriod = Base + "backport-heartbeat-period";
    public const string Timeout = Base + "backport-timeout";
    public const string MaxCount = Base + "backport-max-count";
    public const string ChannelType = Base + "backport-channel-type";
    public const string SubscriptionProfile = Base + "backport-subscription";
    public const string StatusProfile = Base + "backport-subscription-status-r4";
    public const string TopicCanonical = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/capabilitystatement-subscriptiontopic-canonical";

    /// <summary>The R5 cross-version namespace: a filter sent there would be silently ignored by an R4 reader, so it is rejected.</summary>
    public const string CrossVersionBase = "http://hl7.org/fhir/5.0/subscriptions-backport/";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        FilterCriteria, PayloadContent, HeartbeatPeriod, Timeout, MaxCount, ChannelType,
    };
}
