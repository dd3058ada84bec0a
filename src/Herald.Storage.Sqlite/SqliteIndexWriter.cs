using Herald.Core.Search.Indexing;
using Herald.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>Replaces a resource's index rows inside the write transaction.</summary>
internal static class SqliteIndexWriter
{
    private static readonly string[] Tables =
        ["idx_string", "idx_token", "idx_reference", "idx_date", "idx_number", "idx_quantity", "idx_uri", "idx_composite"];

    private static readonly string DeleteAll = string.Concat(Tables.Select(t => $"DELETE FROM {t} WHERE tenant = $tenant AND type = $type AND id = $id; "));

    public static async Task ReplaceAsync(SqliteConnection connection, SqliteTransaction transaction, ResourceKey key, SearchIndex? index, CancellationToken cancellationToken)
    {
        using (var delete = Command(connection, transaction, key, DeleteAll))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (index is null || index.Count == 0)
        {
            return;
        }

        await InsertAsync(connection, transaction, key, "idx_string", ["norm", "exact"], index.Strings, r => [r.Param, r.Normalized, r.Exact], cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, transaction, key, "idx_token", ["system", "code", "text"], index.Tokens, r => [r.Param, r.System, r.Code, r.Text], cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, transaction, key, "idx_reference", ["target_type", "target_id", "url"], index.References, r => [r.Param, r.TargetType, r.TargetId, r.Url], cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, transaction, key, "idx_date", ["low", "high"], index.Dates, r => [r.Param, r.Low, r.High], cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, transaction, key, "idx_number", ["value"], index.Numbers, r => [r.Param, r.Value], cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, transaction, key, "idx_quantity", ["system", "code", "unit", "value"], index.Quantities, r => [r.Param, r.System, r.Code, r.Unit, r.Value], cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, transaction, key, "idx_uri", ["value"], index.Uris, r => [r.Param, r.Value], cancellationToken).ConfigureAwait(false);
        await InsertAsync(connection, transaction, key, "idx_composite", ["system1", "code1", "system2", "code2", "unit2", "string2", "low2", "high2"], index.Composites,
            r => [r.Param, r.System1, r.Code1, r.System2, r.Code2, r.Unit2, r.String2, r.Low2, r.High2], cancellationToken).ConfigureAwait(false);
    }

    private static async Task InsertAsync<T>(
        SqliteConnection connection, SqliteTransaction transaction, ResourceKey key, string table, string[] columns,
        List<T> rows, Func<T, object?[]> values, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var names = columns.Select((_, i) => "$c" + i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        using var insert = Command(connection, transaction, key,
            $"INSERT INTO {table} (tenant, type, id, param, {string.Join(", ", columns)}) VALUES ($tenant, $type, $id, $param, {string.Join(", ", names)})");
        var param = insert.Parameters.Add("$param", SqliteType.Text);
        var parameters = names.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
        foreach (var row in rows)
        {
            var v = values(row);
            param.Value = v[0];
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = v[i + 1] ?? DBNull.Value;
                parameters[i].SqliteType = v[i + 1] switch
                {
                    long => SqliteType.Integer,
                    double => SqliteType.Real,
                    _ => SqliteType.Text,
                };
            }

            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, ResourceKey key, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$tenant", key.Tenant);
        command.Parameters.AddWithValue("$type", key.Type);
        command.Parameters.AddWithValue("$id", key.Id);
        return command;
    }
}
