using System.Text.RegularExpressions;

namespace Herald.Core.Tenancy;

/// <summary>
/// Tenant names as they appear in <c>/tenants/{name}/fhir</c>: lowercase letters, digits and
/// inner hyphens (not at either end). The default tenant (base
/// <c>/fhir</c>) is stored under a key no URL can produce, so no named tenant can alias it.
/// </summary>
public static partial class Tenant
{
    public const string Default = "_default";

    public const int MaxLength = 64;

    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= MaxLength && NamePattern().IsMatch(name);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex NamePattern();
}
