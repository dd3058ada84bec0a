using Herald.Core.Errors;
using Herald.Core.Search.Indexing;
using Herald.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteFhirStore
{
    public async Task<IReadOnlyList<WriteResult>> CommitAsync(IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One connection kept for writes (only ever used under the gate): no open and no
            // pragmas per write, and SQLite's prepared-statement cache stays warm.
            _writer ??= await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var transaction = _writer.BeginTransaction(deferred: false);
            var results = new List<WriteResult>(writes.Count);
            for (var i = 0; i < writes.Count; i++)
            {
                try
                {
                    results.Add(await ApplyAsync(_writer, transaction, writes[i], cancellationToken).ConfigureAwait(false));
                }
                catch (FhirException e)
                {
                    WritePlanner.TagFailedWrite(e, i);
                    throw;
                }
            }

            // Commit is not cancellable: once we get here the writes are complete and valid.
            transaction.Commit();
            return results;
        }
        catch (SqliteException)
        {
            // A failure of the database itself (not a rejected write): start over on a fresh connection.
            await ResetWriterAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private async Task ResetWriterAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }
    }

    private async Task<WriteResult> ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, ResourceWrite write, CancellationToken cancellationToken)
    {
        var key = write.Key;
        if (write.IfNoneExist is { } conditions)
        {
            var matches = await FindAsync(connection, transaction, key.Tenant, key.Type, conditions, 2, cancellationToken).ConfigureAwait(false);
            if (WritePlanner.ResolveIfNoneExist(write, matches) is { } existing)
            {
                return existing;
            }
        }

        var current = await ReadLatestAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        var plan = WritePlanner.Decide(write, current, clock);
        if (plan.Skip)
        {
            return new WriteResult(plan.Outcome, current!, current!.VersionId);
        }

        var json = WritePlanner.Render(write, plan);
        var seq = await AppendChangeLogAsync(connection, transaction, key, plan.VersionId, plan.Interaction, current?.VersionId, plan.LastUpdated, cancellationToken).ConfigureAwait(false);
        await InsertVersionAsync(connection, transaction, key, plan.VersionId, seq, plan.LastUpdated, plan.Interaction, json, cancellationToken).ConfigureAwait(false);
        await UpdateCurrentAsync(connection, transaction, key, plan.Interaction == Interaction.Delete ? null : plan.VersionId, write.Index, cancellationToken).ConfigureAwait(false);
        var version = new ResourceVersion(key.Tenant, key.Type, key.Id, plan.VersionId, plan.LastUpdated, plan.Interaction, json, seq);
        return new WriteResult(plan.Outcome, version, current?.VersionId);
    }

    private static async Task<long> AppendChangeLogAsync(
        SqliteConnection connection, SqliteTransaction transaction, ResourceKey key, long versionId, Interaction interaction,
        long? previousVersion, DateTimeOffset committedAt, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO change_log (tenant, type, id, version, interaction, previous_version, committed_at)
            VALUES ($tenant, $type, $id, $version, $interaction, $previous, $at)
            RETURNING seq
            """;
        AddKey(command, key);
        command.Parameters.AddWithValue("$version", versionId);
        command.Parameters.AddWithValue("$interaction", (int)interaction);
        command.Parameters.AddWithValue("$previous", (object?)previousVersion ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", committedAt.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private static async Task InsertVersionAsync(
        SqliteConnection connection, SqliteTransaction transaction, ResourceKey key, long versionId, long seq,
        DateTimeOffset lastUpdated, Interaction interaction, string? json, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO resource_version (tenant, type, id, version, seq, last_updated, interaction, json)
            VALUES ($tenant, $type, $id, $version, $seq, $lastUpdated, $interaction, $json)
            """;
        AddKey(command, key);
        command.Parameters.AddWithValue("$version", versionId);
        command.Parameters.AddWithValue("$seq", seq);
        command.Parameters.AddWithValue("$lastUpdated", lastUpdated.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$interaction", (int)interaction);
        command.Parameters.AddWithValue("$json", (object?)json ?? DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Points resource_current at the new version (or removes it) and replaces its index rows.</summary>
    private static async Task UpdateCurrentAsync(
        SqliteConnection connection, SqliteTransaction transaction, ResourceKey key, long? versionId,
        SearchIndex index, CancellationToken cancellationToken)
    {
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = versionId is null
                ? "DELETE FROM resource_current WHERE tenant = $tenant AND type = $type AND id = $id"
                : "INSERT INTO resource_current (tenant, type, id, version) VALUES ($tenant, $type, $id, $version) ON CONFLICT DO UPDATE SET version = excluded.version";
            AddKey(command, key);
            command.Parameters.AddWithValue("$version", (object?)versionId ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await SqliteIndexWriter.ReplaceAsync(connection, transaction, key, versionId is null ? null : index, cancellationToken).ConfigureAwait(false);
    }
}
