using Herald.Core.Search;
using Herald.Core.Search.Query;
using Herald.Core.Search.Sql;
using Herald.Core.Storage;
using Npgsql;

namespace Herald.Storage.PostgreSql;

public sealed partial class PostgreSqlFhirStore : ISqlQueryRunner
{
    private static readonly SqlSearchEngine Engine = new(new PostgreSqlDialect());

    public Task<SearchResult> SearchAsync(string tenant, SearchQuery query, CancellationToken cancellationToken) =>
        Engine.SearchAsync(this, tenant, query, cancellationToken);

    public async Task<IReadOnlyList<ResourceVersion>> FindAsync(
        string tenant, string type, IReadOnlyList<SearchCriterion> criteria, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, tenant, type, criteria, limit, cancellationToken).ConfigureAwait(false);
    }

    async Task<IReadOnlyList<ResourceVersion>> ISqlQueryRunner.VersionsAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Prepare(connection, null, query);
        return await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    async Task<long> ISqlQueryRunner.CountAsync(SqlText query, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Prepare(connection, null, query);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyList<ResourceVersion>> FindAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string tenant, string type,
        IReadOnlyList<SearchCriterion> criteria, int limit, CancellationToken cancellationToken)
    {
        await using var command = Prepare(connection, transaction, Engine.Find(tenant, type, criteria, limit));
        return await ReadListAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static NpgsqlCommand Prepare(NpgsqlConnection connection, NpgsqlTransaction? transaction, SqlText query)
    {
        var command = new NpgsqlCommand(query.Sql, connection, transaction);
        foreach (var (name, value) in query.Parameters)
        {
            command.Parameters.AddWithValue(name.TrimStart('@'), value ?? DBNull.Value);
        }

        return command;
    }
}
