using System.Net.WebSockets;
using System.Text;
using Herald.Core.Errors;
using Herald.Subscriptions.Dispatch;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Notifications;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Issue = Hl7.Fhir.Model.OperationOutcome;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>
/// Runs one accepted socket: reads bind messages, queues a handshake per bound subscription,
/// heartbeats while idle, and closes with 1008 (bad token or message), 1000 (nothing left
/// bound), 1013 (too slow) or 1001 (server stopping). Never throws to the caller.
/// </summary>
public sealed partial class WebSocketSession(
    WebSocketConnections connections,
    BindingTokens tokens,
    WebSocketSubscriptions subscriptions,
    SubscriptionEventStore events,
    NotificationFactory notifications,
    IOptions<WebSocketChannelOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<WebSocketSession> logger)
{
    public async Task RunAsync(System.Net.WebSockets.WebSocket socket, string tenant, CancellationToken requestAborted)
    {
        var settings = options.Value;
        using var connection = new WebSocketConnection(socket, tenant, settings.WebSocketSendQueue, TimeSpan.FromSeconds(settings.WebSocketCloseTimeoutSeconds), clock);
        connections.Add(connection);
        using var stopping = lifetime.ApplicationStopping.Register(() => connection.Close(WebSocketCloseStatus.EndpointUnavailable, "server shutting down"));
        using var aborted = requestAborted.Register(() => connection.Close(WebSocketCloseStatus.EndpointUnavailable, "connection lost"));
        var writer = connection.RunWriterAsync();
        var heartbeats = HeartbeatLoopAsync(connection);
        try
        {
            await ReceiveLoopAsync(socket, connection).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            connection.Close(WebSocketCloseStatus.EndpointUnavailable, "connection lost");
        }
        catch (Exception e)
        {
            LogSessionFailed(logger, connection.Id, e);
            connection.Close(WebSocketCloseStatus.InternalServerError, "internal error");
        }
        finally
        {
            connections.Remove(connection);
            connection.Close(WebSocketCloseStatus.NormalClosure, "");
            await writer.ConfigureAwait(false);
            await heartbeats.ConfigureAwait(false);
            var (status, reason) = connection.CloseReason;
            LogClosed(logger, connection.Id, tenant, (int)status, reason);
        }
    }

    /// <summary>Reads client messages until the close handshake ends (or the close timeout aborts it).</summary>
    private async Task ReceiveLoopAsync(System.Net.WebSockets.WebSocket socket, WebSocketConnection connection)
    {
        var buffer = new byte[options.Value.WebSocketMaxMessageBytes];
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var length = 0;
            ValueWebSocketReceiveResult result = default;
            do
            {
                if (length == buffer.Length)
                {
                    await RejectAsync(connection, $"Messages are limited to {buffer.Length} bytes; send 'bind-with-token <token>'.").ConfigureAwait(false);
                    length = -1;
                    break;
                }

                result = await socket.ReceiveAsync(buffer.AsMemory(length), connection.Abort).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    connection.Close(WebSocketCloseStatus.NormalClosure, "closed by the client");
                    return;
                }

                length += result.Count;
            }
            while (!result.EndOfMessage);

            if (length < 0 || connection.IsClosing)
            {
                // Keep reading only to see the client's close frame; ignore what it says meanwhile.
                await DrainAsync(socket, buffer, connection).ConfigureAwait(false);
                return;
            }

            if (result.MessageType != WebSocketMessageType.Text)
            {
                await RejectAsync(connection, "Binary frames are not part of this protocol; send the text frame 'bind-with-token <token>'.").ConfigureAwait(false);
                continue;
            }

            await HandleTextAsync(connection, Encoding.UTF8.GetString(buffer, 0, length)).ConfigureAwait(false);
        }
    }

    private static async Task DrainAsync(System.Net.WebSockets.WebSocket socket, byte[] buffer, WebSocketConnection connection)
    {
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(), connection.Abort).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    private async Task HandleTextAsync(WebSocketConnection connection, string text)
    {
        if (BindMessage.TokenOf(text) is not { } token)
        {
            await RejectAsync(connection, "Expected 'bind-with-token <token>' or {\"type\":\"bind-with-token\",\"payload\":{\"token\":\"...\"}}.").ConfigureAwait(false);
            return;
        }

        var check = await tokens.ConsumeAsync(connection.Tenant, token, connection.Closing).ConfigureAwait(false);
        if (!check.Accepted)
        {
            LogTokenRefused(logger, connection.Id, connection.Tenant, check.Problem!);
            await RejectAsync(connection, check.Problem!).ConfigureAwait(false);
            return;
        }

        // Every subscription is checked before any is bound: a bind is all or nothing.
        var bound = new List<Subscriptions.SubscriptionInfo>();
        foreach (var id in check.SubscriptionIds!)
        {
            try
            {
                bound.Add(await subscriptions.LoadAsync(connection.Tenant, id, connection.Closing).ConfigureAwait(false));
            }
            catch (FhirException e)
            {
                await RejectAsync(connection, e.Message).ConfigureAwait(false);
                return;
            }
        }

        foreach (var subscription in bound)
        {
            // The handshake carries the count as it stands: a client compares it with the last
            // event number it saw and reads the gap with $events.
            var state = await events.GetStateAsync(subscription.Tenant, subscription.Id, connection.Closing).ConfigureAwait(false);
            var handshake = notifications.WithoutEvents(subscription, NotificationType.Handshake, state.EventsCount);
            connections.Bind(connection, subscription, WebSocketFrames.Bundle(subscription, handshake.Bundle));
        }
    }

    /// <summary>Heartbeats for subscriptions with a period, whenever nothing was sent for them that long (SUB-15).</summary>
    private async Task HeartbeatLoopAsync(WebSocketConnection connection)
    {
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), clock);
            while (await timer.WaitForNextTickAsync(connection.Closing).ConfigureAwait(false))
            {
                var now = clock.GetUtcNow();
                foreach (var binding in connection.Bindings)
                {
                    var subscription = binding.Subscription;
                    if (subscription.HeartbeatPeriodSeconds is not { } period || now - binding.LastSent < TimeSpan.FromSeconds(period))
                    {
                        continue;
                    }

                    var state = await events.GetStateAsync(subscription.Tenant, subscription.Id, connection.Closing).ConfigureAwait(false);
                    var heartbeat = notifications.WithoutEvents(subscription, NotificationType.Heartbeat, state.EventsCount);
                    connection.TrySend(subscription.Id, WebSocketFrames.Bundle(subscription, heartbeat.Bundle));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The socket is closing.
        }
        catch (Exception e)
        {
            LogSessionFailed(logger, connection.Id, e);
        }
    }

    /// <summary>An OperationOutcome that says why, then close 1008 (the outcome is written first).</summary>
    private static Task RejectAsync(WebSocketConnection connection, string problem)
    {
        connection.TrySend(WebSocketFrames.Outcome(Issue.IssueSeverity.Error, Issue.IssueType.Security, problem));
        connection.Close(WebSocketCloseStatus.PolicyViolation, problem);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 243, Level = LogLevel.Information, Message = "Socket {Connection} (tenant {Tenant}) refused a binding token: {Problem}")]
    private static partial void LogTokenRefused(ILogger logger, string connection, string tenant, string problem);

    [LoggerMessage(EventId = 244, Level = LogLevel.Debug, Message = "Socket {Connection} (tenant {Tenant}) closed with {Status}: {Reason}")]
    private static partial void LogClosed(ILogger logger, string connection, string tenant, int status, string reason);

    [LoggerMessage(EventId = 245, Level = LogLevel.Error, Message = "Socket {Connection} failed")]
    private static partial void LogSessionFailed(ILogger logger, string connection, Exception exception);
}
