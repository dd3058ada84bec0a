using System.Reflection;
using Herald.Api.Capabilities;
using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Configuration;
using Herald.Subscriptions.Topics;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Herald.Api.Endpoints;

public static class MetadataEndpoints
{
    private static readonly string SoftwareVersion =
        typeof(MetadataEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static IEndpointRouteBuilder MapMetadataEndpoints(this IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/metadata", (HttpContext http, ITopicCatalog topics, IOptions<BundleOptions> bundles) =>
        {
            var context = FhirEndpointContext.From(http);
            var topicUrls = topics.All(context.Tenant).Select(t => t.Url).Order(StringComparer.Ordinal).ToList();
            var statement = CapabilityStatementBuilder.Build(context.BaseUrl, SoftwareVersion, topicUrls, bundles.Value.ConditionalDeleteMultiple);
            return FhirResponse.WriteAsync(http, statement, StatusCodes.Status200OK);
        });
        return fhir;
    }
}
