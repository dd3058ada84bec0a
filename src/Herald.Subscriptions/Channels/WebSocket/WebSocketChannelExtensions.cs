using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Herald.Subscriptions.Channels.WebSocket;

public static class WebSocketChannelExtensions
{
    /// <summary>The websocket channel (type code <c>websocket</c>): binding tokens, sockets, sessions. The HTTP side is mapped by Herald.Api.</summary>
    public static IServiceCollection AddWebSocketChannel(this IServiceCollection services)
    {
        services.AddOptions<WebSocketChannelOptions>().BindConfiguration(WebSocketChannelOptions.Section)
            .Validate(o => o.WebSocketSendQueue > 0, "Herald:WebSocketSendQueue must be positive.")
            .Validate(o => o.WebSocketTokenLifetimeSeconds > 0, "Herald:WebSocketTokenLifetimeSeconds must be positive.")
            .Validate(o => o.WebSocketCloseTimeoutSeconds > 0, "Herald:WebSocketCloseTimeoutSeconds must be positive.")
            .Validate(o => o.WebSocketMaxMessageBytes >= 256, "Herald:WebSocketMaxMessageBytes must be at least 256.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BindingTokenStore>();
        services.TryAddSingleton<WebSocketSubscriptions>();
        services.TryAddSingleton<BindingTokens>();
        services.TryAddSingleton<WebSocketConnections>();
        services.TryAddSingleton<WebSocketSession>();
        services.AddSubscriptionChannel<WebSocketChannel>(WebSocketSubscriptions.ChannelType);
        services.AddHostedService<BindingTokenSchemaService>();
        return services;
    }
}

/// <summary>Creates the binding-token table before the server takes requests.</summary>
internal sealed class BindingTokenSchemaService(BindingTokenStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
