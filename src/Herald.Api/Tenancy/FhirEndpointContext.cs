using Herald.Api.Configuration;
using Herald.Core.Errors;
using Herald.Core.Tenancy;
using Tenants = Herald.Core.Tenancy.Tenant;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Herald.Api.Tenancy;

/// <summary>
/// The tenant a request addresses and that tenant's absolute FHIR base URL, from which every
/// link in a response is built.
/// </summary>
public sealed record FhirEndpointContext(string Tenant, string BaseUrl)
{
    public const string TenantRouteValue = "tenant";

    public static FhirEndpointContext From(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
        var root = string.IsNullOrWhiteSpace(options.BaseUrl)
            ? $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}"
            : options.BaseUrl.TrimEnd('/');
        if (http.Request.RouteValues.TryGetValue(TenantRouteValue, out var value) && value is string name)
        {
            if (!Tenants.IsValidName(name))
            {
                throw FhirException.NotFound($"'{name}' is not a valid tenant name: use 1-{Tenants.MaxLength} lowercase letters, digits and '-'.");
            }

            return new FhirEndpointContext(name, $"{root}/tenants/{name}/fhir");
        }

        return new FhirEndpointContext(Tenants.Default, $"{root}/fhir");
    }

    public string ResourceUrl(string type, string id) => $"{BaseUrl}/{type}/{id}";

    public string VersionUrl(string type, string id, long version) => $"{BaseUrl}/{type}/{id}/_history/{version}";
}
