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

        -- Search index rows of current versions only, one table per parameter type.
        CREATE TABLE idx_string (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, norm TEXT NOT NULL, exact TEXT NOT NULL);
        CREATE INDEX ix_idx_string ON idx_string (tenant, type, param, norm);
        CREATE INDEX ix_idx_string_res ON idx_string (tenant, type, id);
        CREATE TABLE idx_token (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, system TEXT NULL, code TEXT NULL, text TEXT NULL);
        CREATE INDEX ix_idx_token ON idx_token (tenant, type, param, code, system);
        CREATE INDEX ix_idx_token_res ON idx_token (tenant, type, id);
        CREATE TABLE idx_reference (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, target_type TEXT NULL, target_id TEXT NULL, url TEXT NULL);
        CREATE INDEX ix_idx_reference ON idx_reference (tenant, type, param, target_id, target_type);
        CREATE INDEX ix_idx_reference_target ON idx_reference (tenant, target_type, target_id);
        CREATE INDEX ix_idx_reference_res ON idx_reference (tenant, type, id);
        CREATE TABLE idx_date (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, low INTEGER NOT NULL, high INTEGER NOT NULL);
        CREATE INDEX ix_idx_date ON idx_date (tenant, type, param, low, high);
        CREATE INDEX ix_idx_date_res ON idx_date (tenant, type, id);
        CREATE TABLE idx_number (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, value REAL NOT NULL);
        CREATE INDEX ix_idx_number ON idx_number (tenant, type, param, value);
        CREATE INDEX ix_idx_number_res ON idx_number (tenant, type, id);
        CREATE TABLE idx_quantity (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, system TEXT NULL, code TEXT NULL, unit TEXT NULL, value REAL NOT NULL);
        CREATE INDEX ix_idx_quantity ON idx_quantity (tenant, type, param, code, value);
        CREATE INDEX ix_idx_quantity_res ON idx_quantity (tenant, type, id);
        CREATE TABLE idx_uri (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, value TEXT NOT NULL);
        CREATE INDEX ix_idx_uri ON idx_uri (tenant, type, param, value);
        CREATE INDEX ix_idx_uri_res ON idx_uri (tenant, type, id);
        CREATE TABLE idx_composite (tenant TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL,
            system1 TEXT NULL, code1 TEXT NULL, system2 TEXT NULL, code2 TEXT NULL, unit2 TEXT NULL, string2 TEXT NULL, low2 REAL NULL, high2 REAL NULL);
        CREATE INDEX ix_idx_composite ON idx_composite (tenant, type, param, code1);
        CREATE INDEX ix_idx_composite_res ON idx_composite (tenant, type, id);
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
