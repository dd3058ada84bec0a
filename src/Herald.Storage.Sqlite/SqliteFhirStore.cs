using Herald.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode. Writes go through one in-process gate and
/// BEGIN IMMEDIATE, so SQLite's single writer never has to retry a lock upgrade, and change_log
/// sequence order is commit order.
/// </summary>
public sealed partial class SqliteFhirStore(SqliteConnectionFactory connections, TimeProvider clock)
    : IResourceStore, IHistoryStore, IChangeLogReader, IResourceSearch, IDisposable
{
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;

    private const string VersionColumns = "tenant, type, id, version, last_updated, interaction, json, seq";

    public async Task<ResourceVersion?> ReadAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ReadLatestAsync(connection, null, key, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ResourceVersion?> ReadVersionAsync(ResourceKey key, long versionId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {VersionColumns} FROM resource_version WHERE tenant = $tenant AND type = $type AND id = $id AND version = $version";
        AddKey(command, key);
        command.Parameters.AddWithValue("$version", versionId);
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ResourceVersion>> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        var sql = new System.Text.StringBuilder($"SELECT {VersionColumns} FROM resource_version WHERE tenant = $tenant");
        command.Parameters.AddWithValue("$tenant", query.Tenant);
        if (query.Type is not null)
        {
            sql.Append(" AND type = $type");
            command.Parameters.AddWithValue("$type", query.Type);
        }

        if (query.Id is not null)
        {
            sql.Append(" AND id = $id");
            command.Parameters.AddWithValue("$id", query.Id);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND last_updated >= $since");
            command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        }

        if (query.BeforeSequence is { } before)
        {
            sql.Append(" AND seq < $before");
            command.Parameters.AddWithValue("$before", before);
        }

        sql.Append(" ORDER BY seq DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Count + 1);
        command.CommandText = sql.ToString();
        return await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<ChangeLogEntry>> ReadAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, tenant, type, id, version, interaction, previous_version, committed_at
            FROM change_log WHERE seq > $after ORDER BY seq LIMIT $limit
            """;
        command.Parameters.AddWithValue("$after", afterSequence);
        command.Parameters.AddWithValue("$limit", limit);
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
                (Interaction)reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7))));
        }

        return entries;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _writeGate.Dispose();
    }

    private static async Task<ResourceVersion?> ReadLatestAsync(SqliteConnection connection, SqliteTransaction? transaction, ResourceKey key, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {VersionColumns} FROM resource_version WHERE tenant = $tenant AND type = $type AND id = $id ORDER BY version DESC LIMIT 1";
        AddKey(command, key);
        return await ReadSingleAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static void AddKey(SqliteCommand command, ResourceKey key)
    {
        command.Parameters.AddWithValue("$tenant", key.Tenant);
        command.Parameters.AddWithValue("$type", key.Type);
        command.Parameters.AddWithValue("$id", key.Id);
    }

    private static async Task<ResourceVersion?> ReadSingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var list = await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
        return list.Count == 0 ? null : list[0];
    }

    private static async Task<IReadOnlyList<ResourceVersion>> ReadListAsync(SqliteCommand command, CancellationToken cancellationToken)
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
                (Interaction)reader.GetInt32(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetInt64(7)));
        }

        return versions;
    }
}
