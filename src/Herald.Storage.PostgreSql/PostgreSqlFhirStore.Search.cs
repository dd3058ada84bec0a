using System.Globalization;
using System.Text;
using Herald.Core.Storage;
using Npgsql;

namespace Herald.Storage.PostgreSql;

public sealed partial class PostgreSqlFhirStore
{
    private static async Task<IReadOnlyList<ResourceVersion>> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenant, string type,
        IReadOnlyList<TokenCondition> conditions, int limit, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var sql = new StringBuilder("""
            SELECT v.tenant, v.type, v.id, v.version, v.last_updated, v.interaction, v.json, v.seq
            FROM resource_current c
            JOIN resource_version v ON v.tenant = c.tenant AND v.type = c.type AND v.id = c.id AND v.version = c.version
            WHERE c.tenant = @tenant AND c.type = @type
            """);
        command.Parameters.AddWithValue("tenant", tenant);
        command.Parameters.AddWithValue("type", type);
        var n = 0;
        foreach (var condition in conditions)
        {
            var alternatives = new List<string>();
            foreach (var value in condition.Values)
            {
                alternatives.Add(condition.Parameter == "_id"
                    ? $"c.id = {Bind(command, ref n, value.Code)}"
                    : TokenMatch(command, ref n, value));
            }

            sql.Append(condition.Parameter == "_id"
                ? $" AND ({string.Join(" OR ", alternatives)})"
                : $" AND EXISTS (SELECT 1 FROM token_index t WHERE t.tenant = c.tenant AND t.type = c.type AND t.id = c.id AND t.param = {Bind(command, ref n, condition.Parameter)} AND ({string.Join(" OR ", alternatives)}))");
        }

        sql.Append(" ORDER BY c.id LIMIT @limit");
        command.Parameters.AddWithValue("limit", limit);
        command.CommandText = sql.ToString();
        return await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static string TokenMatch(NpgsqlCommand command, ref int n, TokenValue value)
    {
        var parts = new List<string>();
        if (value.Code is not null)
        {
            parts.Add($"t.code = {Bind(command, ref n, value.Code)}");
        }

        if (value.SystemGiven)
        {
            parts.Add(value.System is null ? "t.system IS NULL" : $"t.system = {Bind(command, ref n, value.System)}");
        }

        return parts.Count == 0 ? "false" : "(" + string.Join(" AND ", parts) + ")";
    }

    private static string Bind(NpgsqlCommand command, ref int n, string? value)
    {
        var name = "p" + (n++).ToString(CultureInfo.InvariantCulture);
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        return "@" + name;
    }
}
