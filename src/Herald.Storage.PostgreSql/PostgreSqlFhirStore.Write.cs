using Herald.Core.Errors;
using Herald.Core.Search.Indexing;
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
        for (var i = 0; i < writes.Count; i++)
        {
            try
            {
                results.Add(await ApplyAsync(connection, transaction, writes[i], state, cancellationToken).ConfigureAwait(false));
            }
            catch (FhirException e)
            {
                WritePlanner.TagFailedWrite(e, i);
                throw;
            }
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
        // Key -> exclusive? Resource keys are exclusive; type keys are shared unless a
        // conditional create in this commit needs the type to itself.
        var keys = new SortedDictionary<long, bool>();
        foreach (var write in writes)
        {
            keys[LockKeys.Resource(write.Key)] = true;
            var type = LockKeys.Type(write.Key);
            keys[type] = (keys.TryGetValue(type, out var exclusive) && exclusive) || write.IfNoneExist is not null;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (key, exclusive) in keys)
        {
            var command = new NpgsqlBatchCommand(exclusive ? "SELECT pg_advisory_xact_lock($1)" : "SELECT pg_advisory_xact_lock_shared($1)");
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

        var (interaction, versionId, lastUpdated) = (plan.Interaction, plan.VersionId, plan.LastUpdated);
        var json = WritePlanner.Render(write, plan);

        // Index work first, the change_log append last: the append takes the global
        // change_log lock, which is held until commit, so the less that follows it the better.
        await UpdateCurrentAsync(connection, transaction, key, interaction == Interaction.Delete ? null : versionId, write.Index, cancellationToken).ConfigureAwait(false);
        var seq = await AppendAsync(connection, transaction, key, versionId, interaction, current?.VersionId, lastUpdated, json, state, cancellationToken).ConfigureAwait(false);
        var version = new ResourceVersion(key.Tenant, key.Type, key.Id, versionId, lastUpdated, interaction, json, seq);
        return new WriteResult(plan.Outcome, version, current?.VersionId);
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
            SELECT $1, $2, $3, $4, cl.seq, $8, $5, $9 FROM cl
            RETURNING seq
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Tenant, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Type, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Id, NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = versionId, NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter { Value = (short)interaction, NpgsqlDbType = NpgsqlDbType.Smallint });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)previousVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter { Value = lastUpdated, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = lastUpdated.ToUnixTimeMilliseconds(), NpgsqlDbType = NpgsqlDbType.Bigint });
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
        SearchIndex index, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(KeyCommand(
            versionId is null
                ? "DELETE FROM resource_current WHERE tenant = $1 AND type = $2 AND id = $3"
                : $"INSERT INTO resource_current (tenant, type, id, version) VALUES ($1, $2, $3, {versionId.Value}) ON CONFLICT (tenant, type, id) DO UPDATE SET version = excluded.version",
            key));
        PostgreSqlIndexWriter.AddReplace(batch, key, versionId is null ? null : index);
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static NpgsqlBatchCommand KeyCommand(string sql, ResourceKey key)
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
