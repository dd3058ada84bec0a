using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Api.Tenancy;
using Herald.Core.Fhir;
using Herald.Core.Search;
using Herald.Core.Search.Query;
using Herald.Core.Storage;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Api.Endpoints;

/// <summary>Builds the searchset bundle: entries with search modes, total, and paging links.</summary>
public static class SearchBundleBuilder
{
    public static Bundle Build(FhirEndpointContext context, SearchQuery query, SearchResult result, IEnumerable<KeyValuePair<string, string>> formatting)
    {
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Searchset,
            Timestamp = DateTimeOffset.UtcNow,
            Total = result.Total is { } total ? (int)Math.Min(total, int.MaxValue) : null,
        };
        var keep = query.Applied.Where(p => p.Key is not ("_count" or "_offset")).Concat(formatting).ToList();
        bundle.Link.Add(Link("self", context, query, keep, query.Offset));
        if (query.Summary != SummaryMode.Count)
        {
            bundle.Link.Add(Link("first", context, query, keep, 0));
            if (result.HasMore)
            {
                bundle.Link.Add(Link("next", context, query, keep, query.Offset + query.Count));
            }

            if (query.Offset > 0)
            {
                bundle.Link.Add(Link("previous", context, query, keep, Math.Max(0, query.Offset - query.Count)));
            }
        }

        foreach (var version in result.Matches)
        {
            bundle.Entry.Add(Entry(context, query, version, Bundle.SearchEntryMode.Match));
        }

        foreach (var version in result.Included)
        {
            bundle.Entry.Add(Entry(context, query, version, Bundle.SearchEntryMode.Include));
        }

        if (query.Ignored.Count > 0)
        {
            var outcome = new OperationOutcome();
            foreach (var message in query.Ignored)
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Warning,
                    Code = OperationOutcome.IssueType.NotSupported,
                    Diagnostics = message,
                });
            }

            bundle.Entry.Add(new Bundle.EntryComponent { Resource = outcome, Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Outcome } });
        }

        return bundle;
    }

    private static Bundle.LinkComponent Link(string relation, FhirEndpointContext context, SearchQuery query, List<KeyValuePair<string, string>> keep, int offset)
    {
        var parameters = keep.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)).ToList();
        parameters.Add(new("_count", query.Count.ToString(CultureInfo.InvariantCulture)));
        if (offset > 0)
        {
            parameters.Add(new("_offset", offset.ToString(CultureInfo.InvariantCulture)));
        }

        return new Bundle.LinkComponent { Relation = relation, Url = QueryHelpers.AddQueryString($"{context.BaseUrl}/{query.ResourceType}", parameters) };
    }

    private static Bundle.EntryComponent Entry(FhirEndpointContext context, SearchQuery query, ResourceVersion version, Bundle.SearchEntryMode mode)
    {
        var resource = FhirSerializer.Instance.FromStorageJson(version.Json!);
        resource = query.Summary switch
        {
            SummaryMode.True => ResourceSubsetter.Summary(resource),
            SummaryMode.Text => ResourceSubsetter.Text(resource),
            SummaryMode.Data => ResourceSubsetter.Data(resource),
            _ when query.Elements is { } elements && mode == Bundle.SearchEntryMode.Match => ResourceSubsetter.Elements(resource, elements.ToHashSet()),
            _ => resource,
        };
        return new Bundle.EntryComponent
        {
            FullUrl = context.ResourceUrl(version.Type, version.Id),
            Resource = resource,
            Search = new Bundle.SearchComponent { Mode = mode },
        };
    }
}
