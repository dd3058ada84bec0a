using Herald.Core.Search.Sql;

namespace Herald.Storage.Sqlite;

internal sealed class SqliteDialect : ISqlDialect
{
    public string Contains(string haystack, string needle) => $"instr({haystack}, {needle}) > 0";
}
