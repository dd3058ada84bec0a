using Herald.Core.Storage;

namespace Herald.StorageBench;

/// <summary>A Herald store measured through its role interfaces, as the server uses it.</summary>
internal sealed class StoreTarget(string name, IResourceStore resources, IResourceSearch search, Func<ValueTask> dispose) : IBenchTarget
{
    public string Name { get; } = name;

    public Task CreateAsync(int n, CancellationToken cancellationToken) =>
        resources.CommitAsync([SamplePatient.Create(n)], cancellationToken);

    public async Task<int> FindAsync(int n, CancellationToken cancellationToken) =>
        (await search.FindAsync("bench", "Patient", SamplePatient.ByIdentifier(n), 2, cancellationToken).ConfigureAwait(false)).Count;

    public ValueTask DisposeAsync() => dispose();
}
