using Herald.Core.Errors;
using Herald.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Herald.Storage.PostgreSql;

public sealed partial class PostgreSqlFhirStore
{
    private const int MaxAttempts = 3;

    public async Task<IReadOnlyList<WriteResult>> CommitAsync(IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CommitOnceAsync(writes, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException e) when (IsRaceLost(e) && attempt < MaxAttempts)
            {
                // The locks make this unreachable between Herald writers; it guards against
                // anything else writing the tables. A fresh transaction re-reads and decides again.
                Log.RetryingCommit(logger, e.SqlState, attempt);
            }
            catch (PostgresException e) when (IsRaceLost(e))
            {
                throw FhirException.Conflict($"A concurrent write to the same resources kept winning ({e.SqlState}); retry the request.");
            }
        }
    }

    private static bool IsRaceLost(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;

    private async Task<IReadOnlyList<WriteResult>> CommitOnceAsync(IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockAsync(connection, transaction, writes, cancellationToken).ConfigureAwait(false);
        var state = new CommitState();
        var results = new List<WriteResult>(writes.Count);
        foreach (var write in writes)
        {
            results.Add(await ApplyAsync(connection, transaction, write, state, cancellationToken).ConfigureAwait(false));
        }

        // Not cancellable: once here the writes are complete and valid.
        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return results;
    }

    /// <summary>
    /// Takes every per-resource and per-condition lock up front, in ascending key order, so
    /// two commits touching the same resources cannot deadlock. Under READ COMMITTED each
    /// later statement takes a fresh snapshot, so what is read after the lock is the latest
    /// committed state, and it cannot change until this transaction ends.
    /// </summary>
    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        var keys = new SortedSet<long>();
        foreach (var write in writes)
        {
            keys.Add(LockKeys.Resource(write.Key));
            if (write.IfNoneExist is { } conditions)
            {
                keys.Add(LockKeys.IfNoneExist(write.Key, conditions));
            }
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var key in keys)
        {
            var command = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock($1)");
            command.Parameters.Add(new NpgsqlParameter { Value = key, NpgsqlDbType = NpgsqlDbType.Bigint });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<WriteResult> ApplyAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ResourceWrite write, CommitState state, CancellationToken cancellationToken)
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

        // Index work first, the change_log append last: the append takes the global
        // change_log lock, which is held until commit, so the less that follows it the better.
        await UpdateCurrentAsync(connection, transaction, key, interaction == Interaction.Delete ? null : versionId, write.TokenIndex, cancellationToken).ConfigureAwait(false);
        var seq = await AppendAsync(connection, transaction, key, versionId, interaction, current?.VersionId, lastUpdated, json, state, cancellationToken).ConfigureAwait(false);
        var version = new ResourceVersion(key.Tenant, key.Type, key.Id, versionId, lastUpdated, interaction, json, seq);
        return new WriteResult(outcome, version, current?.VersionId);
    }

    /// <summary>Takes the change_log lock (once per transaction), then writes the change_log and version rows in one statement.</summary>
    private static async Task<long> AppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ResourceKey key, long versionId, Interaction interaction,
        long? previousVersion, DateTimeOffset lastUpdated, string? json, CommitState state, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (!state.HoldsChangeLogLock)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_advisory_xact_lock({LockKeys.ChangeLog})"));
        }

        var insert = new NpgsqlBatchCommand("""
            WITH cl AS (
                INSERT INTO change_log (tenant, type, id, version, interaction, previous_version, committed_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                RETURNING seq)
            INSERT INTO resource_version (tenant, type, id, version, seq, last_updated, interaction, json)
            SELECT $1, $2, $3, $4, cl.seq, $7, $5, $8 FROM cl
            RETURNING seq
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Tenant, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Type, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Id, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = versionId, NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)interaction, NpgsqlDbType = NpgsqlDbType.Smallint });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)previousVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter { Value = lastUpdated, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)json ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        batch.BatchCommands.Add(insert);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!state.HoldsChangeLogLock)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            state.HoldsChangeLogLock = true;
        }

        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return reader.GetInt64(0);
    }

    /// <summary>Points resource_current at the new version (or removes it) and replaces its index rows.</summary>
    private static async Task UpdateCurrentAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ResourceKey key, long? versionId,
        IReadOnlyList<TokenIndexEntry> tokens, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(KeyCommand(
            versionId is null
                ? "DELETE FROM resource_current WHERE tenant = $1 AND type = $2 AND id = $3"
                : $"INSERT INTO resource_current (tenant, type, id, version) VALUES ($1, $2, $3, {versionId.Value}) ON CONFLICT (tenant, type, id) DO UPDATE SET version = excluded.version",
            key));
        batch.BatchCommands.Add(KeyCommand("DELETE FROM token_index WHERE tenant = $1 AND type = $2 AND id = $3", key));
        if (versionId is not null && tokens.Count > 0)
        {
            // One statement for all tokens: arrays unnested server-side instead of a round trip each.
            var insert = KeyCommand(
                "INSERT INTO token_index (tenant, type, id, param, system, code) SELECT $1, $2, $3, p, s, c FROM unnest($4::text[], $5::text[], $6::text[]) AS u(p, s, c)",
                key);
            insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => t.Parameter).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => t.System).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = tokens.Select(t => t.Code).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            batch.BatchCommands.Add(insert);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlBatchCommand KeyCommand(string sql, ResourceKey key)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = key.Tenant, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Type, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = key.Id, NpgsqlDbType = NpgsqlDbType.Text });
        return command;
    }

    /// <summary>What one transaction already holds.</summary>
    private sealed class CommitState
    {
        public bool HoldsChangeLogLock { get; set; }
    }
}
