using Hl7.Fhir.Model;

namespace Herald.Core.Errors;

/// <summary>Builds the OperationOutcome resources Herald returns.</summary>
public static class OperationOutcomes
{
    public static OperationOutcome Error(OperationOutcome.IssueType type, string message) =>
        Single(OperationOutcome.IssueSeverity.Error, type, message);

    public static OperationOutcome Information(string message) =>
        Single(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, message);

    /// <summary>Longest diagnostics text; messages quote client input, which may be megabytes.</summary>
    public const int MaxDiagnosticsLength = 2000;

    private static string Cap(string message) =>
        message.Length <= MaxDiagnosticsLength ? message : message[..MaxDiagnosticsLength] + $"... ({message.Length - MaxDiagnosticsLength} more characters)";

    private static OperationOutcome Single(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type, string message) =>
        new()
        {
            Issue =
            [
                new OperationOutcome.IssueComponent
                {
                    Severity = severity,
                    Code = type,
                    Diagnostics = Cap(message),
                },
            ],
        };
}
