using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

/// <summary>
/// Creates and migrates the schema, versioned by <c>PRAGMA user_version</c>. Runs under
/// BEGIN IMMEDIATE so two processes starting on one file do not both migrate.
/// </summary>
public static class SqliteSchema
{
    public const int CurrentVersion = 1;

    private const string Version1 = """
        CREATE TABLE change_log (
            seq              INTEGER PRIMARY KEY AUTOINCREMENT,
            tenant           TEXT    NOT NULL,
            type             TEXT    NOT NULL,
            id               TEXT    NOT NULL,
            version          INTEGER NOT NULL,
            interaction      INTEGER NOT NULL,
            previous_version INTEGER NULL,
            committed_at     INTEGER NOT NULL
        );

        -- Every version ever written, deletes included; json is NULL for a delete.
        CREATE TABLE resource_version (
            tenant       TEXT    NOT NULL,
            type         TEXT    NOT NULL,
            id           TEXT    NOT NULL,
            version      INTEGER NOT NULL,
            seq          INTEGER NOT NULL REFERENCES change_log(seq),
            last_updated INTEGER NOT NULL,
            interaction  INTEGER NOT NULL,
            json         TEXT    NULL,
            PRIMARY KEY (tenant, type, id, version)
        );
        CREATE INDEX ix_resource_version_tenant_seq ON resource_version (tenant, seq);
        CREATE INDEX ix_resource_version_type_seq ON resource_version (tenant, type, seq);

        -- The latest version of every resource that exists (deleted ones are removed).
        CREATE TABLE resource_current (
            tenant  TEXT    NOT NULL,
            type    TEXT    NOT NULL,
            id      TEXT    NOT NULL,
            version INTEGER NOT NULL,
            PRIMARY KEY (tenant, type, id)
        ) WITHOUT ROWID;

        -- Token search values of current versions only.
        CREATE TABLE token_index (
            tenant TEXT NOT NULL,
            type   TEXT NOT NULL,
            id     TEXT NOT NULL,
            param  TEXT NOT NULL,
            system TEXT NULL,
            code   TEXT NULL
        );
        CREATE INDEX ix_token_index_lookup ON token_index (tenant, type, param, code, system);
        CREATE INDEX ix_token_index_resource ON token_index (tenant, type, id);
        """;

    public static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // WAL is a property of the file; it lets readers run while the single writer commits.
        await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", null, cancellationToken).ConfigureAwait(false);
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(await ScalarAsync(connection, "PRAGMA user_version;", transaction, cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database schema version is {version}, newer than this Herald understands ({CurrentVersion}). Upgrade Herald.");
        }

        if (version < 1)
        {
            await ExecuteAsync(connection, Version1, transaction, cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, $"PRAGMA user_version={CurrentVersion};", transaction, cancellationToken).ConfigureAwait(false);
        transaction.Commit();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, string sql, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }
}
