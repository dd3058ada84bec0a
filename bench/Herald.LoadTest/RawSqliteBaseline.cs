using Herald.Core.Fhir;
using Herald.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Herald.LoadTest;

/// <summary>
/// The floor Herald is measured against: the same JSON inserted straight into a fresh SQLite
/// file with Herald's schema and pragmas (WAL, the same synchronous, busy_timeout, foreign
/// keys), one BEGIN IMMEDIATE transaction per document holding a change_log row and a
/// resource_version row. Workers take turns through one gate because SQLite has one writer;
/// Herald serialises its writes the same way. No HTTP, no FHIR parsing, no id lookup.
/// </summary>
public static class RawSqliteBaseline
{
    public static async Task<LoadResult> RunAsync(
        string synchronous, int round, int clients, bool heraldWrites, IReadOnlyList<string> warmup, IReadOnlyList<string> measured)
    {
        var dir = Directory.CreateTempSubdirectory("herald-bench-raw-");
        try
        {
            var connectionString = new SqliteConnectionStringBuilder
            {
                DataSource = Path.Combine(dir.FullName, "baseline.db"),
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString();

            var writers = new Writer[clients];
            for (var i = 0; i < clients; i++)
            {
                writers[i] = await Writer.OpenAsync(connectionString, synchronous, heraldWrites).ConfigureAwait(false);
            }

            try
            {
                // Herald's own DDL, so the baseline pays for the same indexes on resource_version.
                await SqliteSchema.MigrateAsync(writers[0].Connection, CancellationToken.None).ConfigureAwait(false);
                using var gate = new SemaphoreSlim(1, 1);
                async Task Insert(IReadOnlyList<string> documents, int worker, int index)
                {
                    await gate.WaitAsync().ConfigureAwait(false);
                    try
                    {
                        await writers[worker].InsertAsync(documents[index]).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }

                await ConcurrentDriver.RunAsync(warmup.Count, clients, (w, i) => Insert(warmup, w, i)).ConfigureAwait(false);
                var run = await ConcurrentDriver.RunAsync(measured.Count, clients, (w, i) => Insert(measured, w, i)).ConfigureAwait(false);
                return LoadResult.From(heraldWrites ? "baseline+" : "baseline", synchronous, round, clients, run);
            }
            finally
            {
                foreach (var writer in writers)
                {
                    await writer.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>One worker's connection and prepared statements, reused for every insert.</summary>
    private sealed class Writer : IAsyncDisposable
    {
        private readonly SqliteCommand _changeLog;
        private readonly SqliteCommand _version;
        private readonly SqliteCommand? _latest;
        private readonly SqliteCommand? _current;
        private readonly SqliteCommand? _token;

        private Writer(SqliteConnection connection, bool heraldWrites)
        {
            Connection = connection;
            if (heraldWrites)
            {
                // Diagnostic (--baseline-writes herald): the rest of what Herald's store does per
                // create, so the gap splits into storage work and everything above storage.
                _latest = connection.CreateCommand();
                _latest.CommandText = "SELECT tenant, type, id, version, last_updated, interaction, json, seq FROM resource_version WHERE tenant = 'default' AND type = 'Patient' AND id = $id ORDER BY version DESC LIMIT 1";
                _latest.Parameters.Add("$id", SqliteType.Text);
                _current = connection.CreateCommand();
                _current.CommandText = "INSERT INTO resource_current (tenant, type, id, version) VALUES ('default', 'Patient', $id, 1) ON CONFLICT DO UPDATE SET version = excluded.version; DELETE FROM token_index WHERE tenant = 'default' AND type = 'Patient' AND id = $id;";
                _current.Parameters.Add("$id", SqliteType.Text);
                _token = connection.CreateCommand();
                _token.CommandText = "INSERT INTO token_index (tenant, type, id, param, system, code) VALUES ('default', 'Patient', $id, 'identifier', $system, $code)";
                _token.Parameters.Add("$id", SqliteType.Text);
                _token.Parameters.Add("$system", SqliteType.Text);
                _token.Parameters.Add("$code", SqliteType.Text);
            }

            _changeLog = connection.CreateCommand();
            _changeLog.CommandText = """
                INSERT INTO change_log (tenant, type, id, version, interaction, previous_version, committed_at)
                VALUES ('default', 'Patient', $id, 1, 1, NULL, $at) RETURNING seq
                """;
            _changeLog.Parameters.Add("$id", SqliteType.Text);
            _changeLog.Parameters.Add("$at", SqliteType.Integer);
            _version = connection.CreateCommand();
            _version.CommandText = """
                INSERT INTO resource_version (tenant, type, id, version, seq, last_updated, interaction, json)
                VALUES ('default', 'Patient', $id, 1, $seq, $at, 1, $json)
                """;
            _version.Parameters.Add("$id", SqliteType.Text);
            _version.Parameters.Add("$seq", SqliteType.Integer);
            _version.Parameters.Add("$at", SqliteType.Integer);
            _version.Parameters.Add("$json", SqliteType.Text);
        }

        public SqliteConnection Connection { get; }

        public static async Task<Writer> OpenAsync(string connectionString, string synchronous, bool heraldWrites)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            // The same per-connection settings SqliteConnectionFactory applies; WAL is set by MigrateAsync.
            pragma.CommandText = $"PRAGMA synchronous={synchronous.ToUpperInvariant()}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
            return new Writer(connection, heraldWrites);
        }

        public async Task InsertAsync(string json)
        {
            var id = ResourceIds.NewId();
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using var transaction = Connection.BeginTransaction(deferred: false);
            if (_latest is not null)
            {
                _latest.Transaction = transaction;
                _latest.Parameters["$id"].Value = id;
                await using var reader = await _latest.ExecuteReaderAsync().ConfigureAwait(false);
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                }
            }

            _changeLog.Transaction = transaction;
            _changeLog.Parameters["$id"].Value = id;
            _changeLog.Parameters["$at"].Value = at;
            var seq = (long)(await _changeLog.ExecuteScalarAsync().ConfigureAwait(false))!;
            _version.Transaction = transaction;
            _version.Parameters["$id"].Value = id;
            _version.Parameters["$seq"].Value = seq;
            _version.Parameters["$at"].Value = at;
            _version.Parameters["$json"].Value = json;
            await _version.ExecuteNonQueryAsync().ConfigureAwait(false);
            if (_current is not null && _token is not null)
            {
                _current.Transaction = transaction;
                _current.Parameters["$id"].Value = id;
                await _current.ExecuteNonQueryAsync().ConfigureAwait(false);
                _token.Transaction = transaction;
                _token.Parameters["$id"].Value = id;
                foreach (var (system, code) in new[] { ("urn:oid:2.16.840.1.113883.2.4.6.99", "MRN-" + id), ("http://fhir.nl/fhir/NamingSystem/bsn", id[..9]) })
                {
                    _token.Parameters["$system"].Value = system;
                    _token.Parameters["$code"].Value = code;
                    await _token.ExecuteNonQueryAsync().ConfigureAwait(false);
                }
            }

            transaction.Commit();
        }

        public async ValueTask DisposeAsync()
        {
            await _changeLog.DisposeAsync().ConfigureAwait(false);
            await _version.DisposeAsync().ConfigureAwait(false);
            foreach (var command in new[] { _latest, _current, _token })
            {
                if (command is not null)
                {
                    await command.DisposeAsync().ConfigureAwait(false);
                }
            }

            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
