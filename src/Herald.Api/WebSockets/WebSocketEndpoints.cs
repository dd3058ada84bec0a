using Herald.Api.Tenancy;
using Herald.Core.Errors;
using Herald.Subscriptions.Channels.WebSocket;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Herald.Api.WebSockets;

/// <summary>
/// The socket endpoint of each tenant, <c>{fhir base}/$subscription-ws</c>: the tenant comes from
/// the URL like every other FHIR call, and the token presented on it must be that tenant's.
/// </summary>
public static class WebSocketEndpoints
{
    public const string Path = "/$subscription-ws";

    public static IEndpointRouteBuilder MapWebSocketEndpoint(this IEndpointRouteBuilder fhir)
    {
        fhir.Map(Path, AcceptAsync);
        return fhir;
    }

    /// <summary>The ws:// or wss:// URL of a tenant's socket endpoint, from its public FHIR base.</summary>
    public static string Url(FhirEndpointContext context)
    {
        var builder = new UriBuilder(context.BaseUrl + Path);
        builder.Scheme = builder.Scheme == Uri.UriSchemeHttps ? "wss" : "ws";
        return builder.Uri.AbsoluteUri.Replace("%24", "$", StringComparison.Ordinal);
    }

    private static async Task AcceptAsync(HttpContext http, WebSocketSession session)
    {
        var context = FhirEndpointContext.From(http);
        if (!http.WebSockets.IsWebSocketRequest)
        {
            throw FhirException.BadRequest(
                "This is the WebSocket endpoint of Subscription notifications: connect with a WebSocket client, then send 'bind-with-token <token>' (get the token with $get-ws-binding-token).");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        await session.RunAsync(socket, context.Tenant, http.RequestAborted);
    }
}
