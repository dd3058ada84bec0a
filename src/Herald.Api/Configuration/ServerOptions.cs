namespace Herald.Api.Configuration;

/// <summary>HTTP settings, bound from the <c>Herald</c> configuration section.</summary>
public sealed class ServerOptions
{
    public const string Section = "Herald";

    /// <summary>Interface to listen on.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>TCP port to listen on.</summary>
    public int Port { get; set; } = 8080;

    /// <summary>
    /// Public root URL of this server (e.g. <c>https://fhir.example.org</c>), written into every
    /// link. The FHIR bases are <c>{BaseUrl}/fhir</c> and <c>{BaseUrl}/tenants/{tenant}/fhir</c>.
    /// When unset, links are built from each request's scheme and Host header.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Largest accepted request body, in bytes (default 16 MiB).</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Page size of history and search bundles when <c>_count</c> is not given.</summary>
    public int DefaultPageSize { get; set; } = 50;

    /// <summary>Largest page size a client may ask for with <c>_count</c>.</summary>
    public int MaxPageSize { get; set; } = 1000;
}
