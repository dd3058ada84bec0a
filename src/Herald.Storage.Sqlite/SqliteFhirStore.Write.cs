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
            foreach (var write in writes)
            {
                results.Add(await ApplyAsync(_writer, transaction, write, cancellationToken).ConfigureAwait(false));
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
            if (matches.Count == 1)
            {
                return new WriteResult(WriteOutcome.MatchedExisting, matches[0], matches[0].VersionId);
            }

            if (matches.Count > 1)
            {
                throw FhirException.PreconditionFailed($"The If-None-Exist condition matches more than one {key.Type}; make it more specific.");
            }
        }

        var current = await ReadLatestAsync(connection, transaction, key, cancellationToken).ConfigureAwait(false);
        var exists = current is { IsDeleted: false };
        if (write.IfMatchVersion is { } expected && (!exists || current!.VersionId != expected))
        {
            throw FhirException.PreconditionFailed(exists
                ? $"{key} is at version {current!.VersionId}, not {expected} as If-Match requires; read it again and retry."
                : $"{key} does not exist, so If-Match version {expected} cannot hold.");
        }

        var (interaction, outcome) = (write.Interaction, exists) switch
        {
            (Interaction.Create, true) => throw FhirException.Conflict($"{key} already exists."),
            (Interaction.Create, false) or (Interaction.Update, false) => (Interaction.Create, WriteOutcome.Created),
            (Interaction.Update, true) => (Interaction.Update, WriteOutcome.Updated),
            (Interaction.Delete, true) => (Interaction.Delete, WriteOutcome.Deleted),
            (Interaction.Delete, false) when current is not null => (Interaction.Delete, WriteOutcome.AlreadyDeleted),
            _ => throw FhirException.NotFound($"{key} is not known."),
        };
        if (outcome == WriteOutcome.AlreadyDeleted)
        {
            return new WriteResult(outcome, current!, current!.VersionId);
        }

        var versionId = (current?.VersionId ?? 0) + 1;

        // lastUpdated never goes backwards for one resource, even if the clock does.
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var lastUpdated = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(now, (current?.LastUpdated.ToUnixTimeMilliseconds() ?? 0) + 1));
        string? json = null;
        if (interaction != Interaction.Delete)
        {
            json = (write.Render ?? throw new InvalidOperationException($"A {interaction} of {key} needs content."))(versionId, lastUpdated);
        }

        var seq = await AppendChangeLogAsync(connection, transaction, key, versionId, interaction, current?.VersionId, lastUpdated, cancellationToken).ConfigureAwait(false);
        await InsertVersionAsync(connection, transaction, key, versionId, seq, lastUpdated, interaction, json, cancellationToken).ConfigureAwait(false);
        await UpdateCurrentAsync(connection, transaction, key, interaction == Interaction.Delete ? null : versionId, write.Index, cancellationToken).ConfigureAwait(false);
        var version = new ResourceVersion(key.Tenant, key.Type, key.Id, versionId, lastUpdated, interaction, json, seq);
        return new WriteResult(outcome, version, current?.VersionId);
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
