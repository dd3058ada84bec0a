using Herald.Core.Storage;

namespace Herald.Subscriptions.Matching;

/// <summary>Reads the current versions of one resource type across all tenants, to rebuild in-memory state at start-up.</summary>
public sealed class CurrentResourceReader(IDbConnectionSource connections)
{
    public async Task<IReadOnlyList<(string Tenant, string Id, long Sequence, string Json)>> ReadAllAsync(string type, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT v.tenant, v.id, v.seq, v.json FROM resource_current c
            JOIN resource_version v ON v.tenant = c.tenant AND v.type = c.type AND v.id = c.id AND v.version = c.version
            WHERE c.type = @type
            """;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@type";
        parameter.Value = type;
        command.Parameters.Add(parameter);
        var rows = new List<(string, string, long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetString(3)));
        }

        return rows;
    }
}
