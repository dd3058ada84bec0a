using Herald.Core.Services;
using Herald.Core.Storage;
using Herald.Subscriptions.Channels;
using Herald.Subscriptions.Channels.RestHook;
using Herald.Subscriptions.Dispatch;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Matching;
using Herald.Subscriptions.Subscriptions;
using Herald.Subscriptions.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Herald.Subscriptions;

public static class SubscriptionServiceExtensions
{
    /// <summary>Topic-based subscriptions: topics, matching, the event log, dispatch. Channels are added with AddSubscriptionChannel.</summary>
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.Section)
            .Validate(o => o.RetainEventsDays > 0 && o.RetainEventsMinimum >= 0, "Herald:RetainEventsDays must be positive.")
            .ValidateOnStart();
        services.AddOptions<ChannelTypeOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IChangeSignal, ChangeSignal>();
        services.TryAddSingleton<TopicCatalog>();
        services.TryAddSingleton<ITopicCatalog>(sp => sp.GetRequiredService<TopicCatalog>());
        services.TryAddSingleton<TopicTriggerEvaluator>();
        services.TryAddSingleton<SubscriptionRegistry>();
        services.TryAddSingleton<ChannelTypes>();
        services.TryAddSingleton<IChannelTypes>(sp => sp.GetRequiredService<ChannelTypes>());
        services.TryAddSingleton<SubscriptionParser>();
        services.TryAddSingleton<SubscriptionEventStore>();
        services.TryAddSingleton<CurrentResourceReader>();
        services.TryAddSingleton<SubscriptionStateLoader>();
        services.TryAddSingleton<ChangeMatcher>();
        services.TryAddSingleton<NotificationFactory>();
        services.TryAddSingleton<DispatchSignal>();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section)
            .Validate(o => o.RetryInitialSeconds > 0 && o.RetryMaxSeconds >= o.RetryInitialSeconds && o.RetryMaxAgeHours > 0,
                "Herald:RetryInitialSeconds, RetryMaxSeconds and RetryMaxAgeHours must be positive, with the max at least the initial delay.")
            .Validate(o => o.ErrorAfterFailures > 0 && o.HandshakeAttempts > 0 && o.DefaultTimeoutSeconds > 0 && o.MaxParallelDeliveries > 0,
                "Herald:ErrorAfterFailures, HandshakeAttempts, DefaultTimeoutSeconds and MaxParallelDeliveries must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<DeliveryMetrics>();
        services.TryAddSingleton<DeliveryWorker>();
        services.TryAddSingleton<SubscriptionStatusWriter>();
        services.AddHttpClient(RestHookChannel.ClientName);
        services.AddSubscriptionChannel<RestHookChannel>(RestHookChannel.Type);
        services.TryAddSingleton<SubscriptionOperations>();
        services.AddSingleton<IResourceWriteHook, SubscriptionWriteHook>();
        services.AddSingleton<IResourceWriteHook, TopicWriteHook>();
        services.AddHostedService<TopicFolderService>();
        services.AddHostedService<SubscriptionSchemaService>();
        services.TryAddSingleton<SubscriptionMatcherService>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionMatcherService>());
        services.AddHostedService<EventRetentionService>();
        services.TryAddSingleton<SubscriptionDispatcherService>();
        services.AddHostedService(sp => sp.GetRequiredService<SubscriptionDispatcherService>());
        return services;
    }
}

/// <summary>Loads the topics folder before the server takes requests; a bad topic file stops start-up with its name.</summary>
internal sealed class TopicFolderService(TopicCatalog catalog, Microsoft.Extensions.Options.IOptions<SubscriptionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TopicsDir is { Length: > 0 } folder)
        {
            foreach (var topic in TopicLoader.LoadDirectory(folder))
            {
                catalog.AddGlobal(topic);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Creates the event-log tables once, before the matcher and dispatcher loops start.</summary>
internal sealed class SubscriptionSchemaService(SubscriptionEventStore events) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => events.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
