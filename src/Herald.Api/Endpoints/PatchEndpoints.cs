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
using Microsoft.Net.Http.Headers;

namespace Herald.Api.Endpoints;

/// <summary>PATCH with JSON Patch (<c>application/json-patch+json</c>) or FHIRPath Patch (a Parameters body), by id or by condition.</summary>
public static class PatchEndpoints
{
    public static IEndpointRouteBuilder MapPatchEndpoints(this IEndpointRouteBuilder fhir)
    {
        fhir.MapMethods("/{type}/{id}", ["PATCH"], (HttpContext http, string type, string id, EntryExecutor executor) =>
            PatchAsync(http, type, id, executor));
        fhir.MapMethods("/{type}", ["PATCH"], (HttpContext http, string type, EntryExecutor executor) =>
            PatchAsync(http, type, null, executor));
        return fhir;
    }

    private static async Task PatchAsync(HttpContext http, string type, string? id, EntryExecutor executor)
    {
        var context = FhirEndpointContext.From(http);
        var query = id is null ? BundleContexts.Query(http) : null;
        if (id is not null)
        {
            ResourceService.ValidateKey(new ResourceKey(context.Tenant, type, id));
        }
        else
        {
            ResourceService.ValidateType(type);
            if (query is null)
            {
                throw FhirException.MethodNotAllowed($"PATCH /{type} needs search criteria (a conditional patch); to patch one resource use /{type}/<id>.");
            }
        }

        var ifMatch = FhirRequest.IfMatchVersion(http);
        FhirRequest.ResponseFormat(http);
        var patch = await ReadPatchAsync(http);
        var request = new EntryRequest
        {
            Index = -1, Method = Bundle.HTTPVerb.PATCH, Url = id is null ? $"{type}?{query}" : $"{type}/{id}",
            Type = type, Id = id, Query = query, Patch = patch, IfMatch = ifMatch,
        };
        var plan = (await executor.ExecuteAsync(context.Tenant, [request], CancellationToken.None))[0];
        await ResourceEndpoints.WriteWriteResultAsync(http, context, plan.Results[0], StatusCodes.Status200OK);
    }

    private static async Task<PatchDocument> ReadPatchAsync(HttpContext http)
    {
        var contentType = http.Request.ContentType ?? "";
        if (MediaTypeHeaderValue.TryParse(contentType, out var parsed) && string.Equals(parsed.MediaType.Value, MediaTypes.JsonPatch, StringComparison.OrdinalIgnoreCase))
        {
            return new JsonPatchDocument(await FhirRequest.ReadBodyAsync(http, http.RequestAborted));
        }

        if (contentType.Length == 0)
        {
            throw FhirException.UnsupportedMediaType($"PATCH needs a Content-Type: {MediaTypes.JsonPatch} for JSON Patch, or {MediaTypes.FhirJson} / {MediaTypes.FhirXml} for FHIRPath Patch.");
        }

        var body = await FhirRequest.ReadResourceAsync(http, http.RequestAborted);
        return body is Parameters parameters
            ? new FhirPathPatchDocument(parameters)
            : throw FhirException.BadRequest($"A FHIRPath Patch body is a Parameters resource, not a {body.TypeName}; for JSON Patch send Content-Type {MediaTypes.JsonPatch}.");
    }
}
