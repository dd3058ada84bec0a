namespace Herald.Api.Formatting;

/// <summary>The <c>Prefer: return=...</c> choice for write responses.</summary>
public enum ReturnPreference
{
    Representation,
    Minimal,
    OperationOutcome,
}
