using System.Data.Common;
using Herald.Core.Storage;
using Npgsql;

namespace Herald.Storage.PostgreSql;

public sealed class PostgreSqlDbConnectionSource(NpgsqlDataSource dataSource) : IDbConnectionSource
{
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
}
