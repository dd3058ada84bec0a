using Herald.Core.Storage;
using static Herald.Storage.Compliance.Writes;

namespace Herald.Storage.Compliance;

/// <summary>History at each level, newest first, filtered by _since and paged by cursor.</summary>
public abstract class HistoryCompliance : StoreComplianceBase
{
    [Fact]
    public async Task History_AtEachLevel_ReturnsItsVersionsNewestFirst()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("p1")));
        await store.CommitAsync(Create(Key("o1", "Observation")));
        await store.CommitAsync(Update(Key("p1")));
        await store.CommitAsync(Delete(Key("p1")));

        var instance = await store.History.ReadHistoryAsync(new HistoryQuery(Tenant, "Patient", "p1", null, 10, null), Token);
        var type = await store.History.ReadHistoryAsync(new HistoryQuery(Tenant, "Observation", null, null, 10, null), Token);
        var system = await store.History.ReadHistoryAsync(new HistoryQuery(Tenant, null, null, null, 10, null), Token);

        Assert.Equal([3L, 2L, 1L], instance.Select(v => v.VersionId));
        Assert.True(instance[0].IsDeleted);
        Assert.Equal("o1", Assert.Single(type).Id);
        Assert.Equal(4, system.Count);
        Assert.True(system.Zip(system.Skip(1)).All(p => p.First.Sequence > p.Second.Sequence));
    }

    [Fact]
    public async Task History_ReturnsOneExtraRowToSignalANextPage()
    {
        await using var store = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.CommitAsync(Create(Key($"p{i}")));
        }

        var page = await store.History.ReadHistoryAsync(new HistoryQuery(Tenant, null, null, null, 3, null), Token);
        Assert.Equal(4, page.Count);
    }

    [Fact]
    public async Task History_PagedByCursor_SeesEveryVersionOnceDespiteNewWrites()
    {
        await using var store = await CreateStoreAsync();
        for (var i = 0; i < 7; i++)
        {
            await store.CommitAsync(Create(Key($"p{i}")));
        }

        var seen = new List<long>();
        long? cursor = null;
        while (true)
        {
            var page = await store.History.ReadHistoryAsync(new HistoryQuery(Tenant, null, null, null, 3, cursor), Token);
            seen.AddRange(page.Take(3).Select(v => v.Sequence));
            await store.CommitAsync(Create(Key($"late{seen.Count}")));
            if (page.Count <= 3)
            {
                break;
            }

            cursor = page[2].Sequence;
        }

        Assert.Equal(7, seen.Count);
        Assert.Equal(7, seen.Distinct().Count());
    }

    [Fact]
    public async Task History_Since_ExcludesOlderVersions()
    {
        var clock = new TestClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = await CreateStoreAsync(clock);
        await store.CommitAsync(Create(Key("old")));
        clock.Now = clock.Now.AddMinutes(10);
        await store.CommitAsync(Create(Key("new")));

        var since = await store.History.ReadHistoryAsync(
            new HistoryQuery(Tenant, null, null, clock.Now.AddMinutes(-1), 10, null), Token);

        Assert.Equal("new", Assert.Single(since).Id);
    }

    [Fact]
    public async Task History_OfOneTenant_ShowsNothingOfAnother()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a", tenant: "one")));

        var other = await store.History.ReadHistoryAsync(new HistoryQuery("two", null, null, null, 10, null), Token);
        Assert.Empty(other);
    }
}
