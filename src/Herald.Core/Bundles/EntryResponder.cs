using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Storage;

namespace Herald.Core.Bundles;

/// <summary>Builds the response entry of a batch or transaction entry: status, location, etag, lastModified, and the body Prefer asks for.</summary>
public static class EntryResponder
{
    public static Bundle.EntryComponent FromPlan(EntryPlan plan, BundleContext context)
    {
        var request = plan.Request;
        if (request.Method == Bundle.HTTPVerb.DELETE)
        {
            var deleted = plan.Results.Where(r => r.Outcome == WriteOutcome.Deleted).ToList();
            var message = plan.Results.Count switch
            {
                0 => $"Nothing matched {request.Url}; nothing was deleted.",
                1 when deleted.Count == 1 => $"Deleted {deleted[0].Version.Key}.",
                1 => $"{plan.Results[0].Version.Key} was already deleted.",
                _ => $"Deleted {deleted.Count} resources matching {request.Url}.",
            };
            var entry = new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "204 No Content" } };
            if (plan.Results.Count == 1)
            {
                SetVersion(entry.Response, plan.Results[0].Version, context);
            }

            if (context.Return == EntryReturn.OperationOutcome)
            {
                entry.Response.Outcome = OperationOutcomes.Information(message);
            }

            return entry;
        }

        var (version, outcome) = plan.Matched is { } matched
            ? (matched, WriteOutcome.MatchedExisting)
            : (plan.Results[0].Version, plan.Results[0].Outcome);
        var status = outcome == WriteOutcome.Created ? "201 Created" : "200 OK";
        var text = outcome switch
        {
            WriteOutcome.Created => $"Created {version.Key} at version {version.VersionId}.",
            WriteOutcome.MatchedExisting => $"The condition matched {version.Key}; nothing was created.",
            _ => $"Updated {version.Key} to version {version.VersionId}.",
        };
        return Written(version, status, text, context);
    }

    public static Bundle.EntryComponent Written(ResourceVersion version, string status, string message, BundleContext context)
    {
        var entry = new Bundle.EntryComponent
        {
            FullUrl = context.ResourceUrl(version.Type, version.Id),
            Response = new Bundle.ResponseComponent { Status = status },
        };
        SetVersion(entry.Response, version, context);
        switch (context.Return)
        {
            case EntryReturn.Representation:
                entry.Resource = FhirSerializer.Instance.FromStorageJson(version.Json!);
                break;
            case EntryReturn.OperationOutcome:
                entry.Response.Outcome = OperationOutcomes.Information(message);
                break;
        }

        return entry;
    }

    /// <summary>A read's entry: always the resource (Prefer is about write responses).</summary>
    public static Bundle.EntryComponent Read(ResourceVersion version, BundleContext context)
    {
        var entry = new Bundle.EntryComponent
        {
            FullUrl = context.ResourceUrl(version.Type, version.Id),
            Resource = FhirSerializer.Instance.FromStorageJson(version.Json!),
            Response = new Bundle.ResponseComponent { Status = "200 OK" },
        };
        SetVersion(entry.Response, version, context);
        return entry;
    }

    public static Bundle.EntryComponent Failed(FhirException error) => new()
    {
        Response = new Bundle.ResponseComponent
        {
            Status = StatusText(error.Status),
            Outcome = OperationOutcomes.Error(error.IssueType, error.Message),
        },
    };

    public static string StatusText(HttpStatusCode status) =>
        string.Create(CultureInfo.InvariantCulture, $"{(int)status} {ReasonPhrase(status)}");

    private static string ReasonPhrase(HttpStatusCode status) => status switch
    {
        HttpStatusCode.PreconditionFailed => "Precondition Failed",
        HttpStatusCode.NotFound => "Not Found",
        HttpStatusCode.BadRequest => "Bad Request",
        HttpStatusCode.UnprocessableEntity => "Unprocessable Entity",
        HttpStatusCode.Gone => "Gone",
        HttpStatusCode.Conflict => "Conflict",
        _ => status.ToString(),
    };

    private static void SetVersion(Bundle.ResponseComponent response, ResourceVersion version, BundleContext context)
    {
        response.Location = context.VersionUrl(version.Type, version.Id, version.VersionId);
        response.Etag = $"W/\"{version.VersionId.ToString(CultureInfo.InvariantCulture)}\"";
        response.LastModified = version.LastUpdated;
    }
}
