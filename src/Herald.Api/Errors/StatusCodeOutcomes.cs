using Herald.Api.Formatting;
using Herald.Core.Errors;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Task = System.Threading.Tasks.Task;

namespace Herald.Api.Errors;

/// <summary>Gives routing's bodiless 404 and 405 an OperationOutcome body.</summary>
public static class StatusCodeOutcomes
{
    public static Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var (type, message) = http.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => (OperationOutcome.IssueType.NotFound,
                $"No FHIR endpoint at '{http.Request.Path}'. The FHIR base is /fhir (or /tenants/<tenant>/fhir); see /fhir/metadata."),
            StatusCodes.Status405MethodNotAllowed => (OperationOutcome.IssueType.NotSupported,
                $"{http.Request.Method} is not supported on '{http.Request.Path}'."),
            _ => (OperationOutcome.IssueType.Processing, $"The request failed with status {http.Response.StatusCode}."),
        };
        return FhirResponse.WriteOutcomeAsync(http, OperationOutcomes.Error(type, message), http.Response.StatusCode);
    }
}
