using Herald.Core.Search.Indexing;
using Herald.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Herald.Storage.PostgreSql;

/// <summary>
/// Replaces a resource's index rows: one DELETE per table and one INSERT per non-empty table,
/// with the rows sent as arrays and unnested server-side, all in the caller's batch.
/// </summary>
internal static class PostgreSqlIndexWriter
{
    private static readonly string[] Tables =
        ["idx_string", "idx_token", "idx_reference", "idx_date", "idx_number", "idx_quantity", "idx_uri", "idx_composite"];

    public static void AddReplace(NpgsqlBatch batch, ResourceKey key, SearchIndex? index)
    {
        foreach (var table in Tables)
        {
            batch.BatchCommands.Add(PostgreSqlFhirStore.KeyCommand($"DELETE FROM {table} WHERE tenant = $1 AND type = $2 AND id = $3", key));
        }

        if (index is null || index.Count == 0)
        {
            return;
        }

        Add(batch, key, "idx_string", index.Strings, [("norm", Text, r => r.Normalized), ("exact", Text, r => r.Exact)]);
        Add(batch, key, "idx_token", index.Tokens, [("system", Text, r => r.System), ("code", Text, r => r.Code), ("text", Text, r => r.Text)]);
        Add(batch, key, "idx_reference", index.References, [("target_type", Text, r => r.TargetType), ("target_id", Text, r => r.TargetId), ("url", Text, r => r.Url)]);
        Add(batch, key, "idx_date", index.Dates, [("low", Bigint, r => r.Low), ("high", Bigint, r => r.High)]);
        Add(batch, key, "idx_number", index.Numbers, [("value", Double, r => r.Value)]);
        Add(batch, key, "idx_quantity", index.Quantities,
            [("system", Text, r => r.System), ("code", Text, r => r.Code), ("unit", Text, r => r.Unit), ("value", Double, r => r.Value)]);
        Add(batch, key, "idx_uri", index.Uris, [("value", Text, r => r.Value)]);
        Add(batch, key, "idx_composite", index.Composites,
        [
            ("system1", Text, r => r.System1), ("code1", Text, r => r.Code1), ("system2", Text, r => r.System2), ("code2", Text, r => r.Code2),
            ("unit2", Text, r => r.Unit2), ("string2", Text, r => r.String2), ("low2", Double, r => r.Low2), ("high2", Double, r => r.High2),
        ]);
    }

    private const NpgsqlDbType Text = NpgsqlDbType.Text;
    private const NpgsqlDbType Bigint = NpgsqlDbType.Bigint;
    private const NpgsqlDbType Double = NpgsqlDbType.Double;

    private static void Add<T>(NpgsqlBatch batch, ResourceKey key, string table, List<T> rows, (string Column, NpgsqlDbType Type, Func<T, object?> Value)[] columns)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var names = string.Join(", ", columns.Select(c => c.Column));
        var unnest = string.Join(", ", columns.Select((c, i) => $"${i + 5}::{SqlType(c.Type)}[]"));
        var command = PostgreSqlFhirStore.KeyCommand(
            $"INSERT INTO {table} (tenant, type, id, param, {names}) SELECT $1, $2, $3, u.* FROM unnest($4::text[], {unnest}) AS u",
            key);
        command.Parameters.Add(new NpgsqlParameter { Value = rows.Select(ParamOf).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        foreach (var (_, type, value) in columns)
        {
            var values = Array.CreateInstance(ClrType(type), rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                values.SetValue(value(rows[i]), i);
            }

            command.Parameters.Add(new NpgsqlParameter { Value = values, NpgsqlDbType = NpgsqlDbType.Array | type });
        }

        batch.BatchCommands.Add(command);
    }

    private static string ParamOf<T>(T row) => row switch
    {
        StringRow r => r.Param,
        TokenRow r => r.Param,
        ReferenceRow r => r.Param,
        DateRow r => r.Param,
        NumberRow r => r.Param,
        QuantityRow r => r.Param,
        UriRow r => r.Param,
        CompositeRow r => r.Param,
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    private static string SqlType(NpgsqlDbType type) => type switch
    {
        Bigint => "bigint",
        Double => "double precision",
        _ => "text",
    };

    private static Type ClrType(NpgsqlDbType type) => type switch
    {
        Bigint => typeof(long),
        Double => typeof(double?),
        _ => typeof(string),
    };
}
