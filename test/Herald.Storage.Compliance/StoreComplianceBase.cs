namespace Herald.Storage.Compliance;

/// <summary>Base of every suite: a backend supplies fresh, empty stores.</summary>
public abstract class StoreComplianceBase
{
    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>A new empty store; <paramref name="clock"/> replaces the system clock when given.</summary>
    protected abstract Task<StoreUnderTest> CreateStoreAsync(TimeProvider? clock = null);
}
