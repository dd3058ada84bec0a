using Herald.Core.Storage;

namespace Herald.Storage.Compliance;

/// <summary>One freshly created, empty store of the backend under test, with its role interfaces.</summary>
public sealed class StoreUnderTest(
    IResourceStore resources,
    IHistoryStore history,
    IChangeLogReader changeLog,
    IResourceSearch search,
    Func<ValueTask> dispose) : IAsyncDisposable
{
    public IResourceStore Resources { get; } = resources;

    public IHistoryStore History { get; } = history;

    public IChangeLogReader ChangeLog { get; } = changeLog;

    public IResourceSearch Search { get; } = search;

    /// <summary>Plain ADO.NET connections to the same database (for stores written over DbConnection).</summary>
    public IDbConnectionSource? Connections { get; init; }

    public ValueTask DisposeAsync() => dispose();
}
