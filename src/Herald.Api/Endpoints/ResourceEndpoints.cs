using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Errors;
using Herald.Core.Services;
using Herald.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Herald.Api.Endpoints;

/// <summary>Create, read, vread, update and delete. Handlers only translate HTTP to <see cref="ResourceService"/>.</summary>
public static class ResourceEndpoints
{
    public static IEndpointRouteBuilder MapResourceEndpoints(this IEndpointRouteBuilder fhir)
    {
        fhir.MapPost("/{type}", CreateAsync);
        fhir.MapGet("/{type}/{id}", ReadAsync);
        fhir.MapGet("/{type}/{id}/_history/{vid}", ReadVersionAsync);
        fhir.MapPut("/{type}/{id}", UpdateAsync);
        fhir.MapDelete("/{type}/{id}", DeleteAsync);
        return fhir;
    }

    private static async Task CreateAsync(HttpContext http, string type, ResourceService resources)
    {
        var context = FhirEndpointContext.From(http);
        ResourceService.ValidateType(type);

        // Negotiate before writing: a 406 after the commit would report failure for a write that happened.
        FhirRequest.ResponseFormat(http);
        var resource = await FhirRequest.ReadResourceAsync(http, http.RequestAborted);
        var ifNoneExist = http.Request.Headers["If-None-Exist"].ToString();
        var result = await resources.CreateAsync(context.Tenant, type, resource, ifNoneExist.Length == 0 ? null : ifNoneExist, CancellationToken.None);
        var status = result.Outcome == WriteOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        await WriteWriteResultAsync(http, context, result, status);
    }

    private static async Task ReadAsync(HttpContext http, string type, string id, ResourceService resources)
    {
        var context = FhirEndpointContext.From(http);
        var version = await resources.ReadAsync(new ResourceKey(context.Tenant, type, id), http.RequestAborted);
        await FhirResponse.WriteStoredAsync(http, version, StatusCodes.Status200OK);
    }

    private static async Task ReadVersionAsync(HttpContext http, string type, string id, string vid, ResourceService resources)
    {
        var context = FhirEndpointContext.From(http);
        var version = await resources.ReadVersionAsync(new ResourceKey(context.Tenant, type, id), vid, http.RequestAborted);
        await FhirResponse.WriteStoredAsync(http, version, StatusCodes.Status200OK);
    }

    private static async Task UpdateAsync(HttpContext http, string type, string id, ResourceService resources)
    {
        var context = FhirEndpointContext.From(http);
        var key = new ResourceKey(context.Tenant, type, id);
        ResourceService.ValidateKey(key);
        var ifMatch = FhirRequest.IfMatchVersion(http);
        FhirRequest.ResponseFormat(http); // before the write, as in CreateAsync
        var resource = await FhirRequest.ReadResourceAsync(http, http.RequestAborted);

        // Once the body is read the write goes through even if the client hangs up: a
        // half-observed commit is worse than a completed one.
        var result = await resources.UpdateAsync(key, resource, ifMatch, CancellationToken.None);
        var status = result.Outcome == WriteOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        await WriteWriteResultAsync(http, context, result, status);
    }

    private static async Task DeleteAsync(HttpContext http, string type, string id, ResourceService resources)
    {
        var context = FhirEndpointContext.From(http);
        var ifMatch = FhirRequest.IfMatchVersion(http);
        var result = await resources.DeleteAsync(new ResourceKey(context.Tenant, type, id), ifMatch, CancellationToken.None);
        if (result.Outcome == WriteOutcome.Deleted)
        {
            FhirResponse.SetVersionHeaders(http, result.Version);
        }

        if (FhirRequest.ReturnPreference(http) == ReturnPreference.OperationOutcome)
        {
            var message = result.Outcome == WriteOutcome.Deleted
                ? $"Deleted {result.Version.Key}; the deletion is version {result.Version.VersionId}."
                : $"{result.Version.Key} was already deleted.";
            await FhirResponse.WriteOutcomeAsync(http, OperationOutcomes.Information(message), StatusCodes.Status200OK);
            return;
        }

        http.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    internal static async Task WriteWriteResultAsync(HttpContext http, FhirEndpointContext context, WriteResult result, int status)
    {
        var version = result.Version;
        http.Response.Headers.Location = context.VersionUrl(version.Type, version.Id, version.VersionId);
        switch (FhirRequest.ReturnPreference(http))
        {
            case ReturnPreference.Minimal:
                FhirResponse.SetVersionHeaders(http, version);
                http.Response.StatusCode = status;
                break;
            case ReturnPreference.OperationOutcome:
                FhirResponse.SetVersionHeaders(http, version);
                var message = result.Outcome switch
                {
                    WriteOutcome.Created => $"Created {version.Key} at version {version.VersionId}.",
                    WriteOutcome.MatchedExisting => $"If-None-Exist matched {version.Key}; nothing was created.",
                    _ => $"Updated {version.Key} to version {version.VersionId}.",
                };
                await FhirResponse.WriteOutcomeAsync(http, OperationOutcomes.Information(message), status);
                break;
            default:
                await FhirResponse.WriteStoredAsync(http, version, status);
                break;
        }
    }
}
