namespace Herald.Subscriptions;

/// <summary>Subscription settings, bound from the <c>Herald</c> configuration section.</summary>
public sealed class SubscriptionOptions
{
    public const string Section = "Herald";

    /// <summary>Public root URL (same key as the server's): notification bundles carry absolute links built from it.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Used with <see cref="Port"/> for links when <see cref="BaseUrl"/> is unset.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8080;

    /// <summary>Folder of topic files (R4 Basic resources, JSON) loaded at start-up for every tenant.</summary>
    public string? TopicsDir { get; set; }

    /// <summary>Days events stay readable through $events (at least <see cref="RetainEventsMinimum"/> per subscription are kept).</summary>
    public int RetainEventsDays { get; set; } = 7;

    public int RetainEventsMinimum { get; set; } = 1000;

    /// <summary>The FHIR base of a tenant, absolute.</summary>
    public string FhirBase(string tenant)
    {
        var root = string.IsNullOrWhiteSpace(BaseUrl) ? $"http://{Host}:{Port}" : BaseUrl.TrimEnd('/');
        return tenant == Core.Tenancy.Tenant.Default ? $"{root}/fhir" : $"{root}/tenants/{tenant}/fhir";
    }
}
