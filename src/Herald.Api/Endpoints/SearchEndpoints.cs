using Herald.Api.Configuration;
using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Errors;
using Herald.Core.Search.Query;
using Herald.Core.Services;
using Herald.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Herald.Api.Endpoints;

/// <summary>Type-level search: GET /{type}?... and POST /{type}/_search (form body).</summary>
public static class SearchEndpoints
{
    public static IEndpointRouteBuilder MapSearchEndpoints(this IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/{type}", (HttpContext http, string type, SearchQueryParser parser, IResourceSearch search, IOptions<ServerOptions> options) =>
            SearchAsync(http, type, QueryPairs(http), parser, search, options.Value));
        fhir.MapPost("/{type}/_search", async (HttpContext http, string type, SearchQueryParser parser, IResourceSearch search, IOptions<ServerOptions> options) =>
        {
            var pairs = QueryPairs(http);
            if (http.Request.HasFormContentType)
            {
                var form = await FhirRequest.ReadFormAsync(http);
                pairs.AddRange(form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
            }
            else if (http.Request.ContentLength > 0)
            {
                throw FhirException.UnsupportedMediaType("POST _search takes its parameters as application/x-www-form-urlencoded.");
            }

            await SearchAsync(http, type, pairs, parser, search, options.Value);
        });
        return fhir;
    }

    private static List<KeyValuePair<string, string>> QueryPairs(HttpContext http) =>
        http.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();

    private static async Task SearchAsync(
        HttpContext http, string type, List<KeyValuePair<string, string>> pairs, SearchQueryParser parser, IResourceSearch search, ServerOptions options)
    {
        var context = FhirEndpointContext.From(http);
        ResourceService.ValidateType(type);
        var strict = http.Request.Headers["Prefer"].Any(p => p?.Contains("handling=strict", StringComparison.OrdinalIgnoreCase) == true);
        var query = parser.Parse(type, pairs, new SearchParseOptions(strict, options.DefaultPageSize, options.MaxPageSize, context.BaseUrl));
        var result = await search.SearchAsync(context.Tenant, query, http.RequestAborted);
        var bundle = SearchBundleBuilder.Build(context, query, result, pairs.Where(p => p.Key is "_format" or "_pretty"));
        await FhirResponse.WriteAsync(http, bundle, StatusCodes.Status200OK);
    }
}
