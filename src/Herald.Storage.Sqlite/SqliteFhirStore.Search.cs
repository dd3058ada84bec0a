using Herald.Core.Search;
using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;
using Herald.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Herald.Storage.Sqlite;

public sealed partial class SqliteFhirStore : ISqlQueryRunner
{
    private static readonly SqlSearchEngine Engine = new(new SqliteDialect());

    public Task<SearchResult> SearchAsync(string tenant, SearchQuery query, CancellationToken cancellationToken) =>
        Engine.SearchAsync(this, tenant, query, cancellationToken);

    public async Task<IReadOnlyList<ResourceVersion>> FindAsync(
        string tenant, string type, IReadOnlyList<SearchCriterion> criteria, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, tenant, type, criteria, limit, cancellationToken).ConfigureAwait(false);
    }

    async Task<IReadOnlyList<ResourceVersion>> ISqlQueryRunner.VersionsAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Prepare(connection, null, query);
        return await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    async Task<long> ISqlQueryRunner.CountAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
        using var command = Prepare(connection, null, query);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyList<ResourceVersion>> FindAsync(
        SqliteConnection connection, SqliteTransaction? transaction, string tenant, string type,
        IReadOnlyList<SearchCriterion> criteria, int limit, CancellationToken cancellationToken)
    {
        using var command = Prepare(connection, transaction, Engine.Find(tenant, type, criteria, limit));
        return await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction? transaction, SqlText query)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = query.Sql;
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
