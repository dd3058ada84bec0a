using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Api.Configuration;
using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Errors;
using Herald.Core.Services;
using Herald.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Task = System.Threading.Tasks.Task;

namespace Herald.Api.Endpoints;

/// <summary>History at system, type and instance level, paged newest first.</summary>
public static class HistoryEndpoints
{
    /// <summary>The cursor parameter in next links: the change_log sequence to continue below.</summary>
    public const string CursorParameter = "_cursor";

    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder fhir)
    {
        fhir.MapGet("/_history", (HttpContext http, IHistoryStore store, IOptions<ServerOptions> options) =>
            HistoryAsync(http, store, options.Value, null, null));
        fhir.MapGet("/{type}/_history", (HttpContext http, string type, IHistoryStore store, IOptions<ServerOptions> options) =>
        {
            ResourceService.ValidateType(type);
            return HistoryAsync(http, store, options.Value, type, null);
        });
        fhir.MapGet("/{type}/{id}/_history", async (HttpContext http, string type, string id, IHistoryStore store, ResourceService resources, IOptions<ServerOptions> options) =>
        {
            var context = FhirEndpointContext.From(http);
            var key = new ResourceKey(context.Tenant, type, id);
            ResourceService.ValidateKey(key);
            if (await store.ReadHistoryAsync(new HistoryQuery(context.Tenant, type, id, null, 1, null), http.RequestAborted) is [])
            {
                throw FhirException.NotFound($"{key} is not known.");
            }

            await HistoryAsync(http, store, options.Value, type, id);
        });
        return fhir;
    }

    private static async Task HistoryAsync(HttpContext http, IHistoryStore store, ServerOptions options, string? type, string? id)
    {
        var context = FhirEndpointContext.From(http);
        var query = http.Request.Query;
        var count = PageSize(query["_count"].ToString(), options);
        var since = Since(query["_since"].ToString());
        long? cursor = null;
        if (query[CursorParameter].ToString() is { Length: > 0 } rawCursor)
        {
            cursor = long.TryParse(rawCursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c)
                ? c
                : throw FhirException.BadRequest($"{CursorParameter} '{rawCursor}' is not valid; follow the bundle's next link as given.");
        }

        var versions = await store.ReadHistoryAsync(new HistoryQuery(context.Tenant, type, id, since, count, cursor), http.RequestAborted);
        var page = versions.Take(count).ToList();
        var path = context.BaseUrl + (type is null ? "" : "/" + type) + (id is null ? "" : "/" + id) + "/_history";
        var bundle = new Bundle { Type = Bundle.BundleType.History, Timestamp = DateTimeOffset.UtcNow };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = http.Request.GetEncodedSelfUrl(path) });
        if (versions.Count > count && page.Count > 0)
        {
            var next = new Dictionary<string, string?> { ["_count"] = count.ToString(CultureInfo.InvariantCulture) };
            if (since is not null)
            {
                next["_since"] = query["_since"].ToString();
            }

            next[CursorParameter] = page[^1].Sequence.ToString(CultureInfo.InvariantCulture);
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = QueryHelpers.AddQueryString(path, next) });
        }

        foreach (var version in page)
        {
            bundle.Entry.Add(HistoryEntries.Create(context, version));
        }

        await FhirResponse.WriteAsync(http, bundle, StatusCodes.Status200OK);
    }

    private static int PageSize(string raw, ServerOptions options)
    {
        if (raw.Length == 0)
        {
            return options.DefaultPageSize;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw FhirException.BadRequest($"_count '{raw}' is not valid; give a positive integer (at most {options.MaxPageSize}).");
        }

        return Math.Min(count, options.MaxPageSize);
    }

    private static DateTimeOffset? Since(string raw)
    {
        if (raw.Length == 0)
        {
            return null;
        }

        // FHIR instants carry a zone; a bare date or dateTime is read as UTC, which is what
        // clients that send one mean in practice.
        if (FhirDateTime.IsValidValue(raw))
        {
            return new FhirDateTime(raw).ToDateTimeOffset(TimeSpan.Zero);
        }

        throw FhirException.BadRequest($"_since '{raw}' is not a valid instant; use e.g. 2024-01-31T12:00:00Z.");
    }
}
