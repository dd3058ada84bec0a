using Herald.Core.Search.Sql;

namespace Herald.Storage.PostgreSql;

internal sealed class PostgreSqlDialect : ISqlDialect
{
    public string Contains(string haystack, string needle) => $"strpos({haystack}, {needle}) > 0";
}
