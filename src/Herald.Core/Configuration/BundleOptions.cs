namespace Herald.Core.Configuration;

/// <summary>Limits and switches of batch, transaction and conditional interactions, bound from the <c>Herald</c> section.</summary>
public sealed class BundleOptions
{
    public const string Section = "Herald";

    /// <summary>Most entries a batch or transaction bundle may hold (default 10,000); more is a 413.</summary>
    public int MaxBundleEntries { get; set; } = 10_000;

    /// <summary>
    /// Whether a conditional delete may delete several matches (all in one commit). Off by default:
    /// FHIR lets servers refuse, and a too-wide condition should not silently delete many resources.
    /// </summary>
    public bool ConditionalDeleteMultiple { get; set; }
}
