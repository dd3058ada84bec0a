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
        string synchronous, int round, int clients, IReadOnlyList<string> warmup, IReadOnlyList<string> measured)
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
                writers[i] = await Writer.OpenAsync(connectionString, synchronous).ConfigureAwait(false);
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
                var (seconds, latencies) = await ConcurrentDriver.RunAsync(measured.Count, clients, (w, i) => Insert(measured, w, i)).ConfigureAwait(false);
                return LoadResult.From("baseline", synchronous, round, clients, seconds, latencies);
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

        private Writer(SqliteConnection connection)
        {
            Connection = connection;
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

        public static async Task<Writer> OpenAsync(string connectionString, string synchronous)
        {
            var connection = new SqliteConnection(connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            using var pragma = connection.CreateCommand();
            // The same per-connection settings SqliteConnectionFactory applies; WAL is set by MigrateAsync.
            pragma.CommandText = $"PRAGMA synchronous={synchronous.ToUpperInvariant()}; PRAGMA busy_timeout=30000; PRAGMA foreign_keys=ON;";
            await pragma.ExecuteNonQueryAsync().ConfigureAwait(false);
            return new Writer(connection);
        }

        public async Task InsertAsync(string json)
        {
            var id = ResourceIds.NewId();
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using var transaction = Connection.BeginTransaction(deferred: false);
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
            transaction.Commit();
        }

        public async ValueTask DisposeAsync()
        {
            await _changeLog.DisposeAsync().ConfigureAwait(false);
            await _version.DisposeAsync().ConfigureAwait(false);
            await Connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
