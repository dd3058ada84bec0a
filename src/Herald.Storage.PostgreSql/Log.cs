using Microsoft.Extensions.Logging;

namespace Herald.Storage.PostgreSql;

internal static partial class Log
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Warning, Message = "PostgreSQL commit lost a race ({SqlState}) on attempt {Attempt}; retrying")]
    public static partial void RetryingCommit(ILogger logger, string sqlState, int attempt);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "PostgreSQL schema is at version {Version}")]
    public static partial void SchemaReady(ILogger logger, int version);
}
