using System.Data.Common;
using Herald.Core.Storage;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>A consumed token: who it was for and until when.</summary>
public sealed record StoredBindingToken(string Tenant, IReadOnlyList<string> SubscriptionIds, DateTimeOffset ExpiresAt);

/// <summary>
/// Binding tokens in the database (so a token issued by one node binds on any other), keyed by
/// the SHA-256 of the token: a copy of the table does not let anyone bind. SQL that SQLite and
/// PostgreSQL both accept, like the event store.
/// </summary>
public sealed class BindingTokenStore(IDbConnectionSource connections)
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS ws_binding_token (
            token_hash TEXT PRIMARY KEY, tenant TEXT NOT NULL,
            subscription_ids TEXT NOT NULL, expires_at BIGINT NOT NULL)
        """;

    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection, Schema);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a new token and drops the expired ones (they can never bind, so the table stays small).</summary>
    public async Task InsertAsync(string tokenHash, StoredBindingToken token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (var purge = Command(connection, "DELETE FROM ws_binding_token WHERE expires_at < @now", ("@now", now.ToUnixTimeMilliseconds())))
        {
            await purge.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        // FHIR ids cannot contain spaces, so a space-separated list round-trips.
        await using var insert = Command(connection, """
            INSERT INTO ws_binding_token (token_hash, tenant, subscription_ids, expires_at)
            VALUES (@hash, @tenant, @ids, @expires)
            """, ("@hash", tokenHash), ("@tenant", token.Tenant), ("@ids", string.Join(' ', token.SubscriptionIds)),
            ("@expires", token.ExpiresAt.ToUnixTimeMilliseconds()));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Removes and returns the token in one statement, so two sockets racing with the same token
    /// cannot both get it (single use, on any number of nodes). Null when it is unknown or used.
    /// </summary>
    public async Task<StoredBindingToken?> ConsumeAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Command(connection,
            "DELETE FROM ws_binding_token WHERE token_hash = @hash RETURNING tenant, subscription_ids, expires_at", ("@hash", tokenHash));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new StoredBindingToken(
            reader.GetString(0),
            reader.GetString(1).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)));
    }

    private static DbCommand Command(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
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
