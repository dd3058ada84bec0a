using System.Text;
using Herald.Core.Search.Query;
using Herald.Core.Storage;

namespace Herald.Core.Search.Sql;

/// <summary>
/// Turns a <see cref="SearchQuery"/> into SQL over the shared schema (resource_current,
/// resource_version, idx_*) and runs it through a backend's <see cref="ISqlQueryRunner"/>: the same
/// SQL serves SQLite and PostgreSQL, up to <see cref="ISqlDialect"/>.
/// </summary>
public sealed class SqlSearchEngine(ISqlDialect dialect)
{
    /// <summary>The columns every version query returns, in the order backends read them.</summary>
    public const string VersionColumns = "v.tenant, v.type, v.id, v.version, v.last_updated, v.interaction, v.json, v.seq";

    private const int MaxIncludeRounds = 4;

    public async Task<SearchResult> SearchAsync(ISqlQueryRunner runner, string tenant, SearchQuery query, CancellationToken cancellationToken)
    {
        long? total = null;
        if (query.Total == TotalMode.Accurate || query.Summary == SummaryMode.Count)
        {
            total = await runner.CountAsync(Count(tenant, query), cancellationToken).ConfigureAwait(false);
        }

        if (query.Summary == SummaryMode.Count || query.Count == 0)
        {
            return new SearchResult([], total, false, []);
        }

        var rows = await runner.VersionsAsync(Page(tenant, query), cancellationToken).ConfigureAwait(false);
        var matches = rows.Take(query.Count).ToList();
        var included = await IncludeAsync(runner, tenant, query, matches, cancellationToken).ConfigureAwait(false);
        return new SearchResult(matches, total, rows.Count > query.Count, included);
    }

    /// <summary>Current resources of a type meeting all criteria (conditional interactions).</summary>
    public SqlText Find(string tenant, string type, IReadOnlyList<SearchCriterion> criteria, int limit)
    {
        var sql = new SqlWriter(dialect);
        var text = $"SELECT {VersionColumns} {From(sql, tenant, type, criteria)} ORDER BY c.id LIMIT {sql.Bind(limit)}";
        return new SqlText(text, sql.Parameters);
    }

    private SqlText Count(string tenant, SearchQuery query)
    {
        var sql = new SqlWriter(dialect);
        return new SqlText($"SELECT COUNT(*) {From(sql, tenant, query.ResourceType, query.Criteria)}", sql.Parameters);
    }

    private SqlText Page(string tenant, SearchQuery query)
    {
        var sql = new SqlWriter(dialect);
        var text = new StringBuilder($"SELECT {VersionColumns} {From(sql, tenant, query.ResourceType, query.Criteria)} ORDER BY ");
        foreach (var key in query.Sort)
        {
            var expression = SortExpression(key, sql);
            // NULLs (resources without the value) last in both directions, on every backend.
            text.Append($"CASE WHEN {expression} IS NULL THEN 1 ELSE 0 END, {expression} {(key.Descending ? "DESC" : "ASC")}, ");
        }

        text.Append($"c.id LIMIT {sql.Bind(query.Count + 1)} OFFSET {sql.Bind(query.Offset)}");
        return new SqlText(text.ToString(), sql.Parameters);
    }

    private static string From(SqlWriter sql, string tenant, string type, IEnumerable<SearchCriterion> criteria)
    {
        var top = new SqlResourceRef(sql.Bind(tenant), sql.Bind(type), "c.id", "v.last_updated");
        var text = new StringBuilder($"""
            FROM resource_current c
            JOIN resource_version v ON v.tenant = c.tenant AND v.type = c.type AND v.id = c.id AND v.version = c.version
            WHERE c.tenant = {top.Tenant} AND c.type = {top.Type}
            """);
        foreach (var criterion in criteria)
        {
            text.Append(" AND ").Append(CriterionSql.Render(criterion, top, sql));
        }

        return text.ToString();
    }

    private static string SortExpression(SortKey key, SqlWriter sql) => key.Parameter.Name switch
    {
        Definitions.SearchParameterRegistry.Id => "c.id",
        Definitions.SearchParameterRegistry.LastUpdated => "v.last_updated",
        _ => $"(SELECT {(key.Descending ? "MAX" : "MIN")}({IndexTables.SortColumn(key.Parameter.Type, key.Descending)}) FROM {IndexTables.For(key.Parameter.Type)} x " +
             $"WHERE x.tenant = c.tenant AND x.type = c.type AND x.id = c.id AND x.param = {sql.Bind(key.Parameter.Name)})",
    };

    private async Task<List<ResourceVersion>> IncludeAsync(
        ISqlQueryRunner runner, string tenant, SearchQuery query, List<ResourceVersion> matches, CancellationToken cancellationToken)
    {
        var included = new List<ResourceVersion>();
        if (query.Includes.Count == 0 && query.RevIncludes.Count == 0)
        {
            return included;
        }

        var seen = matches.Select(m => (m.Type, m.Id)).ToHashSet();
        var frontier = matches;
        for (var round = 0; round < MaxIncludeRounds && frontier.Count > 0; round++)
        {
            var found = new List<ResourceVersion>();
            var specs = query.Includes.Select(s => (Spec: s, Reverse: false)).Concat(query.RevIncludes.Select(s => (Spec: s, Reverse: true)))
                .Where(s => round == 0 || s.Spec.Iterate);
            foreach (var (spec, reverse) in specs)
            {
                foreach (var group in frontier.GroupBy(f => f.Type))
                {
                    if (!reverse && spec.SourceType != "*" && spec.SourceType != group.Key)
                    {
                        continue;
                    }

                    var text = IncludeSql(tenant, spec, reverse, group.Key, group.Select(g => g.Id).ToList());
                    foreach (var version in await runner.VersionsAsync(text, cancellationToken).ConfigureAwait(false))
                    {
                        if (seen.Add((version.Type, version.Id)))
                        {
                            found.Add(version);
                        }
                    }
                }
            }

            included.AddRange(found);
            frontier = found;
        }

        return included;
    }

    private SqlText IncludeSql(string tenant, IncludeSpec spec, bool reverse, string frontierType, IReadOnlyList<string> ids)
    {
        var sql = new SqlWriter(dialect);
        var idList = string.Join(", ", ids.Select(id => sql.Bind(id)));
        var text = new StringBuilder($"SELECT {VersionColumns} FROM idx_reference x ");
        text.Append(reverse
            ? "JOIN resource_current c ON c.tenant = x.tenant AND c.type = x.type AND c.id = x.id "
            : "JOIN resource_current c ON c.tenant = x.tenant AND c.type = x.target_type AND c.id = x.target_id ");
        text.Append("JOIN resource_version v ON v.tenant = c.tenant AND v.type = c.type AND v.id = c.id AND v.version = c.version ");
        text.Append($"WHERE x.tenant = {sql.Bind(tenant)} ");
        if (reverse)
        {
            text.Append($"AND x.type = {sql.Bind(spec.SourceType)} AND x.target_type = {sql.Bind(frontierType)} AND x.target_id IN ({idList}) ");
        }
        else
        {
            text.Append($"AND x.type = {sql.Bind(frontierType)} AND x.id IN ({idList}) ");
            if (spec.TargetType is not null)
            {
                text.Append($"AND x.target_type = {sql.Bind(spec.TargetType)} ");
            }
        }

        if (spec.Parameter is not null)
        {
            text.Append($"AND x.param = {sql.Bind(spec.Parameter)} ");
        }

        return new SqlText(text.ToString(), sql.Parameters);
    }
}
