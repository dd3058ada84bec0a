using System.Data.Common;

namespace Herald.Core.Storage;

/// <summary>
/// Opens plain ADO.NET connections to the backend's database, for stores written once over
/// <see cref="DbConnection"/> (SQL that both SQLite and PostgreSQL accept) such as the
/// subscription event log.
/// </summary>
public interface IDbConnectionSource
{
    Task<DbConnection> OpenAsync(CancellationToken cancellationToken);
}
