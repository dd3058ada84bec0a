using Herald.Api.Configuration;
using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Bundles;
using Herald.Core.Search.Query;
using Herald.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Herald.Api.Endpoints;

/// <summary>Builds the <see cref="BundleContext"/> of a request: tenant, base URL, Prefer, and the searchset builder for GET entries.</summary>
internal static class BundleContexts
{
    public static BundleContext From(HttpContext http, FhirEndpointContext context)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var parser = services.GetRequiredService<SearchQueryParser>();
        var search = services.GetRequiredService<IResourceSearch>();
        var preference = FhirRequest.ReturnPreference(http) switch
        {
            ReturnPreference.Minimal => EntryReturn.Minimal,
            ReturnPreference.OperationOutcome => EntryReturn.OperationOutcome,
            _ => EntryReturn.Representation,
        };
        return new BundleContext(context.Tenant, context.BaseUrl, preference, async (type, query, cancellationToken) =>
        {
            var pairs = QueryHelpers.ParseQuery(query)
                .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")))
                .ToList();
            var parsed = parser.Parse(type, pairs, new SearchParseOptions(false, options.DefaultPageSize, options.MaxPageSize, context.BaseUrl));
            var result = await search.SearchAsync(context.Tenant, parsed, cancellationToken).ConfigureAwait(false);
            return SearchBundleBuilder.Build(context, parsed, result, []);
        });
    }

    /// <summary>The query string of the request without its '?'; null when it has none.</summary>
    public static string? Query(HttpContext http) =>
        http.Request.QueryString.HasValue ? http.Request.QueryString.Value!.TrimStart('?') : null;
}
