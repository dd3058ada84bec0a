using Herald.Core.Search.Definitions;
using Herald.Core.Search.Query;
using Microsoft.AspNetCore.WebUtilities;

namespace Herald.Storage.Compliance;

/// <summary>Parses query strings the way the API does, so suites state criteria as a client would.</summary>
public static class Queries
{
    private static readonly SearchQueryParser Parser = new(SearchParameterRegistry.Instance);

    public static SearchQuery Parse(string type, string query, int count = 100) =>
        Parser.Parse(type, Pairs(query), new SearchParseOptions(Strict: true, DefaultCount: count, MaxCount: 1000, BaseUrl: null));

    public static IReadOnlyList<SearchCriterion> Criteria(string type, string query) => Parse(type, query).Criteria;

    private static List<KeyValuePair<string, string>> Pairs(string query) =>
        QueryHelpers.ParseQuery(query).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
}
