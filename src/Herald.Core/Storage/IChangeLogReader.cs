namespace Herald.Core.Storage;

/// <summary>Reads the change_log, the durable source of every notification.</summary>
public interface IChangeLogReader
{
    /// <summary>Entries with a sequence greater than <paramref name="afterSequence"/>, in sequence order.</summary>
    Task<IReadOnlyList<ChangeLogEntry>> ReadAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken);
}
