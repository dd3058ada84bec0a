using Herald.Api.Configuration;
using Herald.Api.Endpoints;
using Herald.Api.Errors;
using Herald.Api.Tenancy;
using Herald.Api.WebSockets;
using Herald.Core.Bundles;
using Herald.Core.Configuration;
using Herald.Core.Fhir;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Matching;
using Herald.Core.Search.Query;
using Herald.Core.Services;
using Herald.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Herald.Api;

public static class HeraldApiExtensions
{
    /// <summary>Registers the FHIR services and options; add a storage backend after it.</summary>
    public static IServiceCollection AddHerald(this IServiceCollection services)
    {
        services.AddOptions<ServerOptions>().BindConfiguration(ServerOptions.Section)
            .Validate(o => o.Port is > 0 and < 65536, "Herald:Port must be between 1 and 65535.")
            .Validate(o => o.MaxRequestBodyBytes > 0, "Herald:MaxRequestBodyBytes must be positive.")
            .Validate(o => o.DefaultPageSize > 0 && o.MaxPageSize >= o.DefaultPageSize, "Herald:DefaultPageSize must be positive and at most Herald:MaxPageSize.")
            .Validate(o => o.BaseUrl is null || Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https",
                "Herald:BaseUrl must be an absolute http(s) URL.")
            .ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.Storage is "sqlite" or "postgres", "Herald:Storage must be 'sqlite' or 'postgres'.")
            .ValidateOnStart();
        services.TryAddSingleton(FhirSerializer.Instance);
        services.TryAddSingleton<IChangeSignal, ChangeSignal>();
        services.TryAddSingleton(SearchParameterRegistry.Instance);
        services.TryAddSingleton<SearchIndexer>();
        services.TryAddSingleton<SearchQueryParser>();
        services.TryAddSingleton<SearchMatcher>();
        services.TryAddSingleton<ResourceService>();
        services.AddOptions<BundleOptions>().BindConfiguration(BundleOptions.Section)
            .Validate(o => o.MaxBundleEntries > 0, "Herald:MaxBundleEntries must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton<EntryPlanner>();
        services.TryAddSingleton<EntryExecutor>();
        services.TryAddSingleton<EntryReader>();
        services.TryAddSingleton<TransactionProcessor>();
        services.TryAddSingleton<BatchProcessor>();
        services.TryAddSingleton<BundleProcessor>();
        return services;
    }

    /// <summary>Maps the FHIR API at /fhir and /tenants/{tenant}/fhir, plus /healthz.</summary>
    public static WebApplication MapHerald(this WebApplication app)
    {
        app.UseMiddleware<FhirErrorMiddleware>();
        app.UseStatusCodePages(StatusCodeOutcomes.WriteAsync);

        // Pings keep idle notification sockets alive through proxies and reveal dead peers.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapGet("/healthz", () => Results.Text("ok"));
        MapFhir(app.MapGroup("/fhir"));
        MapFhir(app.MapGroup($"/tenants/{{{FhirEndpointContext.TenantRouteValue}}}/fhir"));
        return app;
    }

    private static void MapFhir(RouteGroupBuilder fhir)
    {
        fhir.MapMetadataEndpoints();
        fhir.MapHistoryEndpoints();
        fhir.MapSubscriptionOperations();
        fhir.MapBindingTokenOperations();
        fhir.MapWebSocketEndpoint();
        fhir.MapSearchEndpoints();
        fhir.MapResourceEndpoints();
        fhir.MapConditionalEndpoints();
        fhir.MapPatchEndpoints();
        fhir.MapBundleEndpoints();
    }
}
