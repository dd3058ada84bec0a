namespace Herald.StorageBench;

/// <summary>One thing to measure: a store, or the raw-Npgsql baseline.</summary>
internal interface IBenchTarget : IAsyncDisposable
{
    string Name { get; }

    /// <summary>Creates resource number <paramref name="n"/> (identifier <c>urn:bench|n</c>).</summary>
    Task CreateAsync(int n, CancellationToken cancellationToken);

    /// <summary>Finds resource number <paramref name="n"/> by its identifier; returns how many matched.</summary>
    Task<int> FindAsync(int n, CancellationToken cancellationToken);
}
