using System.Text;
using Herald.Core.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Herald.Storage.PostgreSql;

/// <summary>
/// The shared store: PostgreSQL through one <see cref="NpgsqlDataSource"/>. Writes to one
/// resource serialize on an advisory lock; change_log appends serialize on another so that
/// sequence order is commit order (docs/adr/0003-postgresql-change-log-order.md).
/// </summary>
public sealed partial class PostgreSqlFhirStore(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<PostgreSqlFhirStore> logger)
    : IResourceStore, IHistoryStore, IChangeLogReader, IResourceSearch
{
    private const string VersionColumns = "tenant, type, id, version, last_updated, interaction, json, seq";

    public async Task<ResourceVersion?> ReadAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLatestAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceVersion?> ReadVersionAsync(ResourceKey key, long versionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {VersionColumns} FROM resource_version WHERE tenant = @tenant AND type = @type AND id = @id AND version = @version");
        AddKey(command, key);
        command.Parameters.AddWithValue("version", versionId);
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ResourceVersion>> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder($"SELECT {VersionColumns} FROM resource_version WHERE tenant = @tenant");
        command.Parameters.AddWithValue("tenant", query.Tenant);
        if (query.Type is not null)
        {
            sql.Append(" AND type = @type");
            command.Parameters.AddWithValue("type", query.Type);
        }

        if (query.Id is not null)
        {
            sql.Append(" AND id = @id");
            command.Parameters.AddWithValue("id", query.Id);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND last_updated >= @since");
            command.Parameters.AddWithValue("since", since.ToUnixTimeMilliseconds());
        }

        if (query.BeforeSequence is { } before)
        {
            sql.Append(" AND seq < @before");
            command.Parameters.AddWithValue("before", before);
        }

        sql.Append(" ORDER BY seq DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", query.Count + 1);
        command.CommandText = sql.ToString();
        return await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A plain "seq greater than the watermark" read is safe here only because writers append
    /// to change_log under <see cref="LockKeys.ChangeLog"/> until they commit: a row with a
    /// smaller seq can never become visible after one with a larger seq.
    /// </summary>
    public async Task<IReadOnlyList<ChangeLogEntry>> ReadAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT seq, tenant, type, id, version, interaction, previous_version, committed_at
            FROM change_log WHERE seq > @after ORDER BY seq LIMIT @limit
            """);
        command.Parameters.AddWithValue("after", afterSequence);
        command.Parameters.AddWithValue("limit", limit);
        var entries = new List<ChangeLogEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new ChangeLogEntry(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetInt64(4),
                (Interaction)reader.GetInt16(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return entries;
    }

    private static async Task<ResourceVersion?> ReadLatestAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ResourceKey key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {VersionColumns} FROM resource_version WHERE tenant = @tenant AND type = @type AND id = @id ORDER BY version DESC LIMIT 1",
            connection,
            transaction);
        AddKey(command, key);
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(NpgsqlCommand command, ResourceKey key)
    {
        command.Parameters.AddWithValue("tenant", key.Tenant);
        command.Parameters.AddWithValue("type", key.Type);
        command.Parameters.AddWithValue("id", key.Id);
    }

    private static async Task<ResourceVersion?> ReadSingleAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var list = await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    private static async Task<IReadOnlyList<ResourceVersion>> ReadListAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var versions = new List<ResourceVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            versions.Add(new ResourceVersion(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetInt64(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                (Interaction)reader.GetInt16(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7)));
        }

        return versions;
    }
}
