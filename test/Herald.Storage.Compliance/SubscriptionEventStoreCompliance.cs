using Herald.Core.Storage;
using Herald.Subscriptions.Events;

namespace Herald.Storage.Compliance;

/// <summary>The subscription event log: gapless numbers per subscription, atomic watermark, delivery progress.</summary>
public abstract class SubscriptionEventStoreCompliance : StoreComplianceBase
{
    private static PendingEvent Event(string subscription, long seq, string tenant = Writes.Tenant) =>
        new(tenant, subscription, seq, "Encounter", "e" + seq, 1, Interaction.Create, DateTimeOffset.UnixEpoch.AddSeconds(seq));

    private static async Task<SubscriptionEventStore> EventsAsync(StoreUnderTest store)
    {
        var events = new SubscriptionEventStore(store.Connections ?? throw new InvalidOperationException("The backend gives no connection source."));
        await events.EnsureSchemaAsync(Token);
        await events.EnsureSchemaAsync(Token);
        return events;
    }

    [Fact]
    public async Task Record_NumbersEachSubscriptionFromOneWithoutGaps()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);

        var first = await events.RecordAsync([Event("a", 1), Event("b", 1), Event("a", 2)], 2, Token);
        var second = await events.RecordAsync([Event("a", 3)], 3, Token);

        Assert.Equal([1L, 1L, 2L], first.Select(e => e.EventNumber));
        Assert.Equal(3, Assert.Single(second).EventNumber);
        Assert.Equal(3, (await events.GetStateAsync(Writes.Tenant, "a", Token)).EventsCount);
        Assert.Equal(1, (await events.GetStateAsync(Writes.Tenant, "b", Token)).EventsCount);
    }

    [Fact]
    public async Task Record_MovesTheWatermarkEvenWithoutEvents()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        Assert.Equal(0, await events.GetWatermarkAsync(Token));

        await events.RecordAsync([], 17, Token);

        Assert.Equal(17, await events.GetWatermarkAsync(Token));
    }

    [Fact]
    public async Task ReadEvents_ReturnsTheInclusiveRangeInOrder()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        await events.RecordAsync(Enumerable.Range(1, 6).Select(i => Event("a", i)).ToList(), 6, Token);

        var range = await events.ReadEventsAsync(Writes.Tenant, "a", 2, 4, 100, Token);
        var limited = await events.ReadEventsAsync(Writes.Tenant, "a", 1, 6, 2, Token);

        Assert.Equal([2L, 3L, 4L], range.Select(e => e.EventNumber));
        Assert.Equal(["e2", "e3", "e4"], range.Select(e => e.Id));
        Assert.Equal([1L, 2L], limited.Select(e => e.EventNumber));
    }

    [Fact]
    public async Task MarkDelivered_TracksProgressAndNeverMovesBack()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        await events.RecordAsync([Event("a", 1), Event("a", 2), Event("b", 3)], 3, Token);

        await events.MarkDeliveredAsync(Writes.Tenant, "a", 2, Token);
        await events.MarkDeliveredAsync(Writes.Tenant, "a", 1, Token);

        Assert.Equal(2, (await events.GetStateAsync(Writes.Tenant, "a", Token)).DeliveredThrough);
        var undelivered = await events.ListUndeliveredAsync(Token);
        Assert.Equal("b", Assert.Single(undelivered).SubscriptionId);
    }

    [Fact]
    public async Task Tenants_NumberIndependently()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        var recorded = await events.RecordAsync([Event("a", 1, "one"), Event("a", 2, "two")], 2, Token);
        Assert.Equal([1L, 1L], recorded.Select(e => e.EventNumber));
    }

    [Fact]
    public async Task ConcurrentRecorders_NeverDuplicateOrSkipANumber()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var numbers = new List<long>();
            for (var i = 0; i < 25; i++)
            {
                numbers.AddRange((await events.RecordAsync([Event("a", (w * 100) + i)], 0, Token)).Select(e => e.EventNumber));
            }

            return numbers;
        }, Token)));

        Assert.Equal(Enumerable.Range(1, 100).Select(n => (long)n), batches.SelectMany(b => b).Order());
    }
}
