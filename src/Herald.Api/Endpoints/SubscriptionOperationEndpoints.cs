using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Api.Formatting;
using Herald.Api.Tenancy;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Search.Query;
using Herald.Core.Services;
using Herald.Core.Storage;
using Herald.Subscriptions.Dispatch;
using Herald.Subscriptions.Events;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Task = System.Threading.Tasks.Task;

namespace Herald.Api.Endpoints;

/// <summary>$status (type and instance level) and $events (instance level), GET and POST (SUB-38, SUB-39).</summary>
public static class SubscriptionOperationEndpoints
{
    private const int MaxEventsPerCall = 1000;

    public static IEndpointRouteBuilder MapSubscriptionOperations(this IEndpointRouteBuilder fhir)
    {
        fhir.MapMethods("/Subscription/$status", ["GET", "POST"], TypeStatusAsync);
        fhir.MapMethods("/Subscription/{id}/$status", ["GET", "POST"], InstanceStatusAsync);
        fhir.MapMethods("/Subscription/{id}/$events", ["GET", "POST"], EventsAsync);
        return fhir;
    }

    private static async Task InstanceStatusAsync(HttpContext http, string id, SubscriptionOperations operations)
    {
        var context = FhirEndpointContext.From(http);
        var status = await operations.StatusAsync(context.Tenant, id, http.RequestAborted);
        await FhirResponse.WriteAsync(http, StatusBundleBuilder.Build([status]), StatusCodes.Status200OK);
    }

    private static async Task TypeStatusAsync(HttpContext http, SubscriptionOperations operations, SearchQueryParser parser, IResourceSearch search)
    {
        var context = FhirEndpointContext.From(http);
        var parameters = await OperationParameters.ReadAsync(http);
        var pairs = new List<KeyValuePair<string, string>> { new("_count", "1000") };
        if (parameters.GetAll("id") is { Count: > 0 } ids)
        {
            pairs.Add(new("_id", string.Join(',', ids)));
        }

        if (parameters.GetAll("status") is { Count: > 0 } wanted)
        {
            pairs.Add(new("status", string.Join(',', wanted)));
        }

        var query = parser.Parse("Subscription", pairs, new SearchParseOptions(true, 1000, 1000, context.BaseUrl));
        var found = await search.SearchAsync(context.Tenant, query, http.RequestAborted);
        var statuses = new List<NotificationSubject>();
        foreach (var version in found.Matches)
        {
            statuses.Add(await operations.StatusAsync(context.Tenant, version.Id, http.RequestAborted));
        }

        await FhirResponse.WriteAsync(http, StatusBundleBuilder.Build(statuses), StatusCodes.Status200OK);
    }

    private static async Task EventsAsync(HttpContext http, string id, SubscriptionOperations operations)
    {
        var context = FhirEndpointContext.From(http);
        var parameters = await OperationParameters.ReadAsync(http);
        var since = Number(parameters.Get("eventsSinceNumber"), "eventsSinceNumber") ?? 1;
        var until = Number(parameters.Get("eventsUntilNumber"), "eventsUntilNumber");
        var content = parameters.Get("content") is { } hint
            ? PayloadContentCodes.Parse(hint) ?? throw FhirException.BadRequest($"content '{hint}' is not one of empty, id-only, full-resource.")
            : (PayloadContent?)null;
        var bundle = await operations.EventsAsync(context.Tenant, id, since, until, content, MaxEventsPerCall, http.RequestAborted);
        await FhirResponse.WriteAsync(http, bundle, StatusCodes.Status200OK);
    }

    private static long? Number(string? raw, string name) =>
        raw is null ? null
        : long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 ? n
        : throw FhirException.BadRequest($"{name} must be a positive integer, not '{raw}'.");
}
