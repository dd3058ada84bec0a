namespace Herald.Subscriptions.Subscriptions;

/// <summary>The channel types this server can deliver on (one keyed channel registered per type).</summary>
public interface IChannelTypes
{
    IReadOnlyCollection<string> Supported { get; }

    bool IsSupported(string channelType);
}
