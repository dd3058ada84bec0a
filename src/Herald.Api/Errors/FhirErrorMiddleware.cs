using Herald.Api.Formatting;
using Herald.Core.Errors;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Task = System.Threading.Tasks.Task;

namespace Herald.Api.Errors;

/// <summary>
/// Turns every failure into an OperationOutcome: client errors with their 4xx status, anything
/// else as a 500 that is logged (a 500 is a bug to fix, never an answer to bad input).
/// </summary>
public sealed partial class FhirErrorMiddleware(RequestDelegate next, ILogger<FhirErrorMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (FhirException e)
        {
            await WriteAsync(http, (int)e.Status, OperationOutcomes.Error(e.IssueType, e.Message));
        }
        catch (BadHttpRequestException e)
        {
            await WriteAsync(http, e.StatusCode, OperationOutcomes.Error(OperationOutcome.IssueType.Invalid, e.Message));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is no one to answer.
        }
        catch (Exception e)
        {
            LogUnhandled(logger, e, http.Request.Method, http.Request.Path);
            await WriteAsync(http, StatusCodes.Status500InternalServerError,
                OperationOutcomes.Error(OperationOutcome.IssueType.Exception, "The server failed to process the request; the failure is logged."));
        }
    }

    private static async Task WriteAsync(HttpContext http, int status, OperationOutcome outcome)
    {
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.Clear();
        await FhirResponse.WriteOutcomeAsync(http, outcome, status);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Unhandled failure in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
