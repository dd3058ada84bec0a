using System.Text.RegularExpressions;

namespace Herald.Core.Fhir;

/// <summary>FHIR logical ids: 1–64 characters of A–Z, a–z, 0–9, '-' and '.'.</summary>
public static partial class ResourceIds
{
    public static bool IsValid(string id) => IdPattern().IsMatch(id);

    /// <summary>A new server-assigned id; version 7 so ids sort roughly by creation time.</summary>
    public static string NewId() => Guid.CreateVersion7().ToString();

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex IdPattern();
}
