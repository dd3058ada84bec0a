using System.Data.Common;
using Herald.Core.Storage;

namespace Herald.Subscriptions.Events;

/// <summary>
/// The durable event log of subscriptions, written once over ADO.NET in SQL that SQLite and
/// PostgreSQL both accept. The matcher records a batch of events and its change_log watermark
/// in ONE transaction, so every committed write is matched exactly once, across crashes.
/// </summary>
public sealed class SubscriptionEventStore(IDbConnectionSource connections)
{
    public const string MatcherWatermark = "matcher";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS sub_watermark (name TEXT PRIMARY KEY, seq BIGINT NOT NULL);
        CREATE TABLE IF NOT EXISTS sub_state (
            tenant TEXT NOT NULL, subscription_id TEXT NOT NULL,
            events_count BIGINT NOT NULL, delivered_through BIGINT NOT NULL,
            failures INTEGER NOT NULL DEFAULT 0, first_failure BIGINT NULL, next_attempt BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, subscription_id));
        CREATE TABLE IF NOT EXISTS sub_event (
            tenant TEXT NOT NULL, subscription_id TEXT NOT NULL, event_number BIGINT NOT NULL,
            seq BIGINT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, version BIGINT NOT NULL,
            interaction INTEGER NOT NULL, occurred_at BIGINT NOT NULL,
            PRIMARY KEY (tenant, subscription_id, event_number));
        """;

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var statement in Schema.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = Command(connection, transaction, statement);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> GetWatermarkAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, "SELECT seq FROM sub_watermark WHERE name = @name", ("@name", MatcherWatermark));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is { } value and not DBNull
            ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>
    /// Numbers and stores <paramref name="events"/> and moves the watermark from <paramref name="from"/>
    /// to <paramref name="watermark"/>, atomically. The move is a compare-and-set: if another matcher
    /// (another process on the same database) moved the watermark first, nothing is recorded and
    /// <see cref="WatermarkMovedException"/> tells the caller to reload it — so no change is ever
    /// numbered twice.
    /// </summary>
    public async Task<IReadOnlyList<SubscriptionEvent>> RecordAsync(IReadOnlyList<PendingEvent> events, long from, long watermark, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var mark = Command(connection, transaction, """
            INSERT INTO sub_watermark (name, seq) VALUES (@name, @seq)
            ON CONFLICT (name) DO UPDATE SET seq = @seq WHERE sub_watermark.seq = @from
            """, ("@name", MatcherWatermark), ("@seq", watermark), ("@from", from)))
        {
            if (await mark.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new WatermarkMovedException();
            }
        }

        var recorded = new List<SubscriptionEvent>(events.Count);
        foreach (var e in events)
        {
            await using var count = Command(connection, transaction, """
                INSERT INTO sub_state (tenant, subscription_id, events_count, delivered_through) VALUES (@tenant, @sub, 1, 0)
                ON CONFLICT (tenant, subscription_id) DO UPDATE SET events_count = sub_state.events_count + 1
                RETURNING events_count
                """, ("@tenant", e.Tenant), ("@sub", e.SubscriptionId));
            var number = Convert.ToInt64(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            await using var insert = Command(connection, transaction, """
                INSERT INTO sub_event (tenant, subscription_id, event_number, seq, type, id, version, interaction, occurred_at)
                VALUES (@tenant, @sub, @number, @seq, @type, @id, @version, @interaction, @at)
                """,
                ("@tenant", e.Tenant), ("@sub", e.SubscriptionId), ("@number", number), ("@seq", e.Sequence), ("@type", e.Type),
                ("@id", e.Id), ("@version", e.VersionId), ("@interaction", (int)e.Interaction), ("@at", e.OccurredAt.ToUnixTimeMilliseconds()));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            recorded.Add(new SubscriptionEvent(e.Tenant, e.SubscriptionId, number, e.Sequence, e.Type, e.Id, e.VersionId, e.Interaction, e.OccurredAt));
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return recorded;
    }

    public async Task<SubscriptionState> GetStateAsync(string tenant, string subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null,
            $"SELECT {StateColumns} FROM sub_state WHERE tenant = @tenant AND subscription_id = @sub",
            ("@tenant", tenant), ("@sub", subscriptionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? ReadState(reader)
            : new SubscriptionState(tenant, subscriptionId, 0, 0);
    }

    private const string StateColumns = "tenant, subscription_id, events_count, delivered_through, failures, first_failure, next_attempt";

    /// <summary>Subscriptions with events numbered but not yet delivered (whatever their retry schedule).</summary>
    public Task<IReadOnlyList<SubscriptionState>> ListUndeliveredAsync(CancellationToken cancellationToken) =>
        ListAsync("events_count > delivered_through", long.MaxValue, cancellationToken);

    /// <summary>Subscriptions with undelivered events whose next attempt is due at <paramref name="now"/>.</summary>
    public Task<IReadOnlyList<SubscriptionState>> ListDueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        ListAsync("events_count > delivered_through AND next_attempt <= @now", now.ToUnixTimeMilliseconds(), cancellationToken);

    private async Task<IReadOnlyList<SubscriptionState>> ListAsync(string where, long now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"SELECT {StateColumns} FROM sub_state WHERE {where}", ("@now", now));
        var states = new List<SubscriptionState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            states.Add(ReadState(reader));
        }

        return states;
    }

    private static SubscriptionState ReadState(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4),
        reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.GetInt64(6) == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    /// <summary>
    /// Records a failed attempt and when to try again; returns the state after it (consecutive
    /// failures, and when the first of them happened, which bounds how long Herald keeps trying).
    /// </summary>
    public async Task<SubscriptionState> RecordFailureAsync(string tenant, string subscriptionId, DateTimeOffset now, DateTimeOffset nextAttempt, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, $"""
            INSERT INTO sub_state (tenant, subscription_id, events_count, delivered_through, failures, first_failure, next_attempt)
            VALUES (@tenant, @sub, 0, 0, 1, @now, @next)
            ON CONFLICT (tenant, subscription_id) DO UPDATE SET
                failures = sub_state.failures + 1,
                first_failure = COALESCE(sub_state.first_failure, @now),
                next_attempt = @next
            RETURNING {StateColumns}
            """, ("@tenant", tenant), ("@sub", subscriptionId), ("@now", now.ToUnixTimeMilliseconds()), ("@next", nextAttempt.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return ReadState(reader);
    }

    /// <summary>Clears the failure streak after a successful attempt.</summary>
    public async Task RecordSuccessAsync(string tenant, string subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            UPDATE sub_state SET failures = 0, first_failure = NULL, next_attempt = 0
            WHERE tenant = @tenant AND subscription_id = @sub AND failures > 0
            """, ("@tenant", tenant), ("@sub", subscriptionId));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Events numbered from <paramref name="fromNumber"/> to <paramref name="toNumber"/> (inclusive), at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<SubscriptionEvent>> ReadEventsAsync(
        string tenant, string subscriptionId, long fromNumber, long toNumber, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            SELECT event_number, seq, type, id, version, interaction, occurred_at FROM sub_event
            WHERE tenant = @tenant AND subscription_id = @sub AND event_number >= @from AND event_number <= @to
            ORDER BY event_number LIMIT @limit
            """, ("@tenant", tenant), ("@sub", subscriptionId), ("@from", fromNumber), ("@to", toNumber), ("@limit", limit));
        var events = new List<SubscriptionEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            events.Add(new SubscriptionEvent(
                tenant, subscriptionId, reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), (Interaction)reader.GetInt32(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6))));
        }

        return events;
    }

    /// <summary>Records that events up to <paramref name="eventNumber"/> reached the subscriber (never moves backwards).</summary>
    public async Task MarkDeliveredAsync(string tenant, string subscriptionId, long eventNumber, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            UPDATE sub_state SET delivered_through = @number
            WHERE tenant = @tenant AND subscription_id = @sub AND delivered_through < @number
            """, ("@tenant", tenant), ("@sub", subscriptionId), ("@number", eventNumber));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes events older than <paramref name="cutoff"/>, keeping for each subscription at least its
    /// newest <paramref name="keepPerSubscription"/> events and every event not yet delivered.
    /// Returns how many were deleted.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, int keepPerSubscription, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, null, """
            DELETE FROM sub_event WHERE occurred_at < @cutoff AND EXISTS (
                SELECT 1 FROM sub_state s
                WHERE s.tenant = sub_event.tenant AND s.subscription_id = sub_event.subscription_id
                AND sub_event.event_number <= s.delivered_through
                AND sub_event.event_number <= s.events_count - @keep)
            """, ("@cutoff", cutoff.ToUnixTimeMilliseconds()), ("@keep", (long)keepPerSubscription));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}

/// <summary>Another matcher advanced the watermark first; reload it and match from there.</summary>
public sealed class WatermarkMovedException() : Exception("The matcher watermark was moved by another process.");
