namespace Herald.Core.Fhir;

/// <summary>The two wire formats Herald reads and writes.</summary>
public enum FhirFormat
{
    Json,
    Xml,
}
