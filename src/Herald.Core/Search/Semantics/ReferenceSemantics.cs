using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;

namespace Herald.Core.Search.Semantics;

/// <summary>Reference matching: by URL for absolute values, else by id and (when known) type.</summary>
public static class ReferenceSemantics
{
    public static bool Matches(ReferenceRow row, ReferenceValue value) =>
        value.Url is not null
            ? row.Url == value.Url
            : row.TargetId == value.Id && (value.Type is null || row.TargetType == value.Type);

    public static string Sql(ReferenceValue value, SqlWriter sql) =>
        value.Url is not null
            ? $"x.url = {sql.Bind(value.Url)}"
            : $"x.target_id = {sql.Bind(value.Id)}" + (value.Type is null ? "" : $" AND x.target_type = {sql.Bind(value.Type)}");
}
