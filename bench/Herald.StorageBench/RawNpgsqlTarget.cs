using Npgsql;

namespace Herald.StorageBench;

/// <summary>
/// The floor: one autocommit INSERT of the same JSON into a table with an identifier column and
/// index, and one indexed SELECT. No versions, history, change_log, locks or token rows.
/// </summary>
internal sealed class RawNpgsqlTarget(NpgsqlDataSource dataSource) : IBenchTarget
{
    public string Name => "raw Npgsql";

    public static async Task<RawNpgsqlTarget> CreateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            CREATE TABLE raw_resource (id text PRIMARY KEY, identifier text NOT NULL, json text NOT NULL);
            CREATE INDEX ix_raw_resource_identifier ON raw_resource (identifier);
            """);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return new RawNpgsqlTarget(dataSource);
    }

    public async Task CreateAsync(int n, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO raw_resource (id, identifier, json) VALUES ($1, $2, $3)");
        command.Parameters.AddWithValue(SamplePatient.Id(n));
        command.Parameters.AddWithValue(SamplePatient.System + "|" + SamplePatient.Value(n));
        command.Parameters.AddWithValue(SamplePatient.Json(n, 1, DateTimeOffset.UtcNow));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> FindAsync(int n, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT json FROM raw_resource WHERE identifier = $1 LIMIT 2");
        command.Parameters.AddWithValue(SamplePatient.System + "|" + SamplePatient.Value(n));
        var count = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            count++;
        }

        return count;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
