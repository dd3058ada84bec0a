using System.Data.Common;
using Herald.Core.Storage;

namespace Herald.Storage.Sqlite;

public sealed class SqliteDbConnectionSource(SqliteConnectionFactory connections) : IDbConnectionSource
{
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await connections.OpenAsync(cancellationToken).ConfigureAwait(false);
}
