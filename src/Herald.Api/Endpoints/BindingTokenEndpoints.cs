using Hl7.Fhir.Model;
using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Api.WebSockets;
using Herald.Subscriptions.Channels.WebSocket;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Task = System.Threading.Tasks.Task;

namespace Herald.Api.Endpoints;

/// <summary>$get-ws-binding-token at type level (one or more <c>id</c>) and instance level, GET and POST (SUB-36).</summary>
public static class BindingTokenEndpoints
{
    public static IEndpointRouteBuilder MapBindingTokenOperations(this IEndpointRouteBuilder fhir)
    {
        fhir.MapMethods("/Subscription/$get-ws-binding-token", ["GET", "POST"], TypeAsync);
        fhir.MapMethods("/Subscription/{id}/$get-ws-binding-token", ["GET", "POST"], InstanceAsync);
        return fhir;
    }

    private static async Task TypeAsync(HttpContext http, BindingTokens tokens)
    {
        var parameters = await OperationParameters.ReadAsync(http);
        await IssueAsync(http, tokens, parameters.GetAll("id"));
    }

    private static async Task InstanceAsync(HttpContext http, string id, BindingTokens tokens)
    {
        await OperationParameters.ReadAsync(http);
        await IssueAsync(http, tokens, [id]);
    }

    private static async Task IssueAsync(HttpContext http, BindingTokens tokens, IReadOnlyList<string> ids)
    {
        var context = FhirEndpointContext.From(http);
        var issued = await tokens.IssueAsync(context.Tenant, ids, http.RequestAborted);
        var result = new Parameters();
        result.Add("token", new FhirString(issued.Token));
        result.Add("expiration", new FhirDateTime(issued.ExpiresAt));
        foreach (var id in issued.SubscriptionIds)
        {
            result.Add("subscription", new FhirString(id));
        }

        result.Add("websocket-url", new FhirUrl(WebSocketEndpoints.Url(context)));

        // The token is a credential: no cache may keep it.
        http.Response.Headers.CacheControl = "no-store";
        await FhirResponse.WriteAsync(http, result, StatusCodes.Status200OK);
    }
}
