using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Herald.Subscriptions.Channels;

/// <summary>The channel type codes registered with <see cref="ChannelRegistration.AddSubscriptionChannel{T}"/>.</summary>
public sealed class ChannelTypeOptions
{
    public HashSet<string> Types { get; } = new(StringComparer.Ordinal);
}

/// <summary>Resolves channels by type code.</summary>
public sealed class ChannelTypes(IOptions<ChannelTypeOptions> options, IServiceProvider services) : IChannelTypes
{
    public IReadOnlyCollection<string> Supported => options.Value.Types;

    public bool IsSupported(string channelType) => options.Value.Types.Contains(channelType);

    public ISubscriptionChannel Get(string channelType) =>
        services.GetRequiredKeyedService<ISubscriptionChannel>(channelType);
}

public static class ChannelRegistration
{
    /// <summary>Registers <typeparamref name="TChannel"/> as the channel for <paramref name="channelType"/>.</summary>
    public static IServiceCollection AddSubscriptionChannel<TChannel>(this IServiceCollection services, string channelType)
        where TChannel : class, ISubscriptionChannel
    {
        services.AddKeyedSingleton<ISubscriptionChannel, TChannel>(channelType);
        services.Configure<ChannelTypeOptions>(o => o.Types.Add(channelType));
        return services;
    }
}
