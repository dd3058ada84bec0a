using Npgsql;

namespace Herald.Storage.PostgreSql;

/// <summary>
/// Creates and migrates the schema, versioned by the <c>herald_schema</c> table. The whole
/// migration runs in one transaction under a transaction-scoped advisory lock, so when two
/// Herald processes start at once the second waits, then sees the version the first wrote.
/// </summary>
public static class PostgreSqlSchema
{
    public const int CurrentVersion = 1;

    private const string Version1 = """
        CREATE TABLE change_log (
            seq              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            tenant           text        NOT NULL,
            type             text        NOT NULL,
            id               text        NOT NULL,
            version          bigint      NOT NULL,
            interaction      smallint    NOT NULL,
            previous_version bigint      NULL,
            committed_at     timestamptz NOT NULL
        );

        -- Every version ever written, deletes included; json is NULL for a delete. The JSON is
        -- text, not jsonb: jsonb reorders keys and reformats, and Herald serves the stored bytes.
        CREATE TABLE resource_version (
            tenant       text        NOT NULL,
            type         text        NOT NULL,
            id           text        NOT NULL,
            version      bigint      NOT NULL,
            seq          bigint      NOT NULL REFERENCES change_log (seq),
            last_updated bigint      NOT NULL, -- Unix ms, as on SQLite, so the shared search SQL binds the same values
            interaction  smallint    NOT NULL,
            json         text        NULL,
            PRIMARY KEY (tenant, type, id, version)
        );
        CREATE INDEX ix_resource_version_tenant_seq ON resource_version (tenant, seq);
        CREATE INDEX ix_resource_version_type_seq ON resource_version (tenant, type, seq);

        -- The latest version of every resource that exists (deleted ones are removed).
        CREATE TABLE resource_current (
            tenant  text   NOT NULL,
            type    text   NOT NULL,
            id      text   NOT NULL,
            version bigint NOT NULL,
            PRIMARY KEY (tenant, type, id)
        );

        -- Search index rows of current versions only, one table per parameter type (columns as on SQLite).
        CREATE TABLE idx_string (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL, norm text NOT NULL, exact text NOT NULL);
        CREATE INDEX ix_idx_string ON idx_string (tenant, type, param, norm text_pattern_ops);
        CREATE INDEX ix_idx_string_res ON idx_string (tenant, type, id);
        CREATE TABLE idx_token (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL, system text NULL, code text NULL, text text NULL);
        CREATE INDEX ix_idx_token ON idx_token (tenant, type, param, code, system);
        CREATE INDEX ix_idx_token_res ON idx_token (tenant, type, id);
        CREATE TABLE idx_reference (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL, target_type text NULL, target_id text NULL, url text NULL);
        CREATE INDEX ix_idx_reference ON idx_reference (tenant, type, param, target_id, target_type);
        CREATE INDEX ix_idx_reference_target ON idx_reference (tenant, target_type, target_id);
        CREATE INDEX ix_idx_reference_res ON idx_reference (tenant, type, id);
        CREATE TABLE idx_date (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL, low bigint NOT NULL, high bigint NOT NULL);
        CREATE INDEX ix_idx_date ON idx_date (tenant, type, param, low, high);
        CREATE INDEX ix_idx_date_res ON idx_date (tenant, type, id);
        CREATE TABLE idx_number (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL, value double precision NOT NULL);
        CREATE INDEX ix_idx_number ON idx_number (tenant, type, param, value);
        CREATE INDEX ix_idx_number_res ON idx_number (tenant, type, id);
        CREATE TABLE idx_quantity (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL, system text NULL, code text NULL, unit text NULL, value double precision NOT NULL);
        CREATE INDEX ix_idx_quantity ON idx_quantity (tenant, type, param, code, value);
        CREATE INDEX ix_idx_quantity_res ON idx_quantity (tenant, type, id);
        CREATE TABLE idx_uri (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL, value text NOT NULL);
        CREATE INDEX ix_idx_uri ON idx_uri (tenant, type, param, value);
        CREATE INDEX ix_idx_uri_res ON idx_uri (tenant, type, id);
        CREATE TABLE idx_composite (tenant text NOT NULL, type text NOT NULL, id text NOT NULL, param text NOT NULL,
            system1 text NULL, code1 text NULL, system2 text NULL, code2 text NULL, unit2 text NULL, string2 text NULL, low2 double precision NULL, high2 double precision NULL);
        CREATE INDEX ix_idx_composite ON idx_composite (tenant, type, param, code1);
        CREATE INDEX ix_idx_composite_res ON idx_composite (tenant, type, id);
        """;

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKeys.Migration})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS herald_schema (version integer NOT NULL)", cancellationToken).ConfigureAwait(false);

        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM herald_schema", connection, transaction);
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The database schema version is {version}, newer than this Herald understands ({CurrentVersion}). Upgrade Herald.");
        }

        if (version < 1)
        {
            await ExecuteAsync(connection, transaction, Version1, cancellationToken).ConfigureAwait(false);
        }

        if (version < CurrentVersion)
        {
            await ExecuteAsync(connection, transaction, $"DELETE FROM herald_schema; INSERT INTO herald_schema (version) VALUES ({CurrentVersion})", cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
