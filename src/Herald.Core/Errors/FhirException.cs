using System.Net;
using Hl7.Fhir.Model;

namespace Herald.Core.Errors;

/// <summary>
/// A request that cannot be served as asked. The API layer turns it into an OperationOutcome
/// with <see cref="Status"/>; it is never a server fault, so it is never logged as an error.
/// </summary>
public sealed class FhirException(HttpStatusCode status, OperationOutcome.IssueType issueType, string message)
    : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public OperationOutcome.IssueType IssueType { get; } = issueType;

    public static FhirException BadRequest(string message) =>
        new(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Invalid, message);

    public static FhirException Invalid(string message) =>
        new(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Structure, message);

    public static FhirException NotFound(string message) =>
        new(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, message);

    public static FhirException Gone(string message) =>
        new(HttpStatusCode.Gone, OperationOutcome.IssueType.Deleted, message);

    public static FhirException PreconditionFailed(string message) =>
        new(HttpStatusCode.PreconditionFailed, OperationOutcome.IssueType.Conflict, message);

    public static FhirException Conflict(string message) =>
        new(HttpStatusCode.Conflict, OperationOutcome.IssueType.Conflict, message);

    public static FhirException UnsupportedMediaType(string message) =>
        new(HttpStatusCode.UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, message);

    public static FhirException NotAcceptable(string message) =>
        new(HttpStatusCode.NotAcceptable, OperationOutcome.IssueType.NotSupported, message);

    public static FhirException TooLarge(string message) =>
        new(HttpStatusCode.RequestEntityTooLarge, OperationOutcome.IssueType.TooCostly, message);

    /// <summary>422: the request was understood but its result is not a valid resource (e.g. a patch).</summary>
    public static FhirException Unprocessable(string message) =>
        new(HttpStatusCode.UnprocessableEntity, OperationOutcome.IssueType.Processing, message);

    public static FhirException MethodNotAllowed(string message) =>
        new(HttpStatusCode.MethodNotAllowed, OperationOutcome.IssueType.NotSupported, message);
}
