using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Bundles;
using Herald.Core.Errors;
using Herald.Core.Services;
using Herald.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Herald.Api.Endpoints;

/// <summary>Conditional update <c>PUT [type]?criteria</c> and conditional delete <c>DELETE [type]?criteria</c>.</summary>
public static class ConditionalEndpoints
{
    public static IEndpointRouteBuilder MapConditionalEndpoints(this IEndpointRouteBuilder fhir)
    {
        fhir.MapPut("/{type}", UpdateAsync);
        fhir.MapDelete("/{type}", DeleteAsync);
        return fhir;
    }

    private static async Task UpdateAsync(HttpContext http, string type, EntryExecutor executor)
    {
        var context = FhirEndpointContext.From(http);
        ResourceService.ValidateType(type);
        var query = RequireQuery(http, "PUT", type);
        var ifMatch = FhirRequest.IfMatchVersion(http);
        FhirRequest.ResponseFormat(http);
        var resource = await FhirRequest.ReadResourceAsync(http, http.RequestAborted);
        var request = new EntryRequest
        {
            Index = -1, Method = Bundle.HTTPVerb.PUT, Url = $"{type}?{query}", Type = type, Query = query, Resource = resource, IfMatch = ifMatch,
        };
        var plan = (await executor.ExecuteAsync(context.Tenant, [request], CancellationToken.None))[0];
        var result = plan.Results[0];
        var status = result.Outcome == WriteOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        await ResourceEndpoints.WriteWriteResultAsync(http, context, result, status);
    }

    private static async Task DeleteAsync(HttpContext http, string type, EntryExecutor executor)
    {
        var context = FhirEndpointContext.From(http);
        ResourceService.ValidateType(type);
        var query = RequireQuery(http, "DELETE", type);
        var request = new EntryRequest
        {
            Index = -1, Method = Bundle.HTTPVerb.DELETE, Url = $"{type}?{query}", Type = type, Query = query, IfMatch = FhirRequest.IfMatchVersion(http),
        };
        var plan = (await executor.ExecuteAsync(context.Tenant, [request], CancellationToken.None))[0];
        if (plan.Results.Count == 1)
        {
            FhirResponse.SetVersionHeaders(http, plan.Results[0].Version);
        }

        if (FhirRequest.ReturnPreference(http) == ReturnPreference.OperationOutcome)
        {
            var message = plan.Results.Count == 0
                ? $"Nothing matched {type}?{query}; nothing was deleted."
                : $"Deleted {string.Join(", ", plan.Results.Select(r => r.Version.Key.ToString()))}.";
            await FhirResponse.WriteOutcomeAsync(http, OperationOutcomes.Information(message), StatusCodes.Status200OK);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private static string RequireQuery(HttpContext http, string method, string type) =>
        BundleContexts.Query(http) is { Length: > 0 } query
            ? query
            : throw FhirException.MethodNotAllowed($"{method} /{type} needs search criteria (a conditional {method}); to address one resource use /{type}/<id>.");
}
