using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Bundles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Herald.Api.Endpoints;

/// <summary><c>POST [base]</c> with a batch or transaction Bundle.</summary>
public static class BundleEndpoints
{
    public static IEndpointRouteBuilder MapBundleEndpoints(this IEndpointRouteBuilder fhir)
    {
        fhir.MapPost("/", ProcessAsync);
        return fhir;
    }

    private static async Task ProcessAsync(HttpContext http, BundleProcessor processor)
    {
        var context = FhirEndpointContext.From(http);
        FhirRequest.ResponseFormat(http); // negotiate before writing, as for single writes
        var body = await FhirRequest.ReadResourceAsync(http, http.RequestAborted);

        // Once the body is read the bundle runs to the end even if the client hangs up.
        var response = await processor.ProcessAsync(body, BundleContexts.From(http, context), CancellationToken.None);
        await FhirResponse.WriteAsync(http, response, StatusCodes.Status200OK);
    }
}
