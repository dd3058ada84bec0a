namespace Herald.Storage.Sqlite;

/// <summary>SQLite settings, bound from the <c>Herald</c> configuration section.</summary>
public sealed class SqliteStorageOptions
{
    /// <summary>
    /// <c>PRAGMA synchronous</c>. <c>full</c> (default) fsyncs every commit, so a 2xx survives
    /// power loss; <c>normal</c> is faster and survives a process crash but not power loss.
    /// </summary>
    public string SqliteSynchronous { get; set; } = "full";
}
