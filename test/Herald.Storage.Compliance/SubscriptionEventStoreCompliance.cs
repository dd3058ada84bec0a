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

        var first = await events.RecordAsync([Event("a", 1), Event("b", 1), Event("a", 2)], 0, 2, Token);
        var second = await events.RecordAsync([Event("a", 3)], 2, 3, Token);

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

        await events.RecordAsync([], 0, 17, Token);

        Assert.Equal(17, await events.GetWatermarkAsync(Token));
    }

    [Fact]
    public async Task ReadEvents_ReturnsTheInclusiveRangeInOrder()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        await events.RecordAsync(Enumerable.Range(1, 6).Select(i => Event("a", i)).ToList(), 0, 6, Token);

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
        await events.RecordAsync([Event("a", 1), Event("a", 2), Event("b", 3)], 0, 3, Token);

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
        var recorded = await events.RecordAsync([Event("a", 1, "one"), Event("a", 2, "two")], 0, 2, Token);
        Assert.Equal([1L, 1L], recorded.Select(e => e.EventNumber));
    }

    [Fact]
    public async Task ConcurrentMatchers_RecordingTheSameBatch_OnlyOneWins()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        await events.RecordAsync([Event("a", 1)], 0, 1, Token);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                return (await events.RecordAsync([Event("a", 2), Event("a", 3)], 1, 3, Token)).Count;
            }
            catch (WatermarkMovedException)
            {
                return -1;
            }
        }, Token)));

        Assert.Single(outcomes, o => o == 2);
        Assert.Equal(3, outcomes.Count(o => o == -1));
        Assert.Equal(3, (await events.GetStateAsync(Writes.Tenant, "a", Token)).EventsCount);
        Assert.Equal(3, await events.GetWatermarkAsync(Token));
    }

    [Fact]
    public async Task Record_FromAStaleWatermark_IsRefusedAndChangesNothing()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        await events.RecordAsync([Event("a", 1)], 0, 5, Token);

        await Assert.ThrowsAsync<WatermarkMovedException>(() => events.RecordAsync([Event("a", 2)], 0, 6, Token));

        Assert.Equal(1, (await events.GetStateAsync(Writes.Tenant, "a", Token)).EventsCount);
        Assert.Equal(5, await events.GetWatermarkAsync(Token));
    }

    [Fact]
    public async Task Prune_KeepsRecentMinimumAndUndeliveredEvents()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);

        // Events occur at second 1..10 (see Event); all old against a cutoff at second 100.
        await events.RecordAsync(Enumerable.Range(1, 10).Select(i => Event("a", i)).ToList(), 0, 10, Token);
        await events.RecordAsync(Enumerable.Range(11, 10).Select(i => Event("b", i)).ToList(), 10, 20, Token);
        await events.MarkDeliveredAsync(Writes.Tenant, "a", 10, Token);
        await events.MarkDeliveredAsync(Writes.Tenant, "b", 4, Token);

        var deleted = await events.PruneAsync(DateTimeOffset.UnixEpoch.AddSeconds(100), 3, Token);

        // a: delivered through 10, keep newest 3 -> 1..7 go. b: only delivered 1..4 may go.
        Assert.Equal(7 + 4, deleted);
        Assert.Equal([8L, 9L, 10L], (await events.ReadEventsAsync(Writes.Tenant, "a", 1, 100, 100, Token)).Select(e => e.EventNumber));
        Assert.Equal(Enumerable.Range(5, 6).Select(n => (long)n), (await events.ReadEventsAsync(Writes.Tenant, "b", 1, 100, 100, Token)).Select(e => e.EventNumber));
    }

    [Fact]
    public async Task Prune_LeavesEventsNewerThanTheCutoff()
    {
        await using var store = await CreateStoreAsync();
        var events = await EventsAsync(store);
        await events.RecordAsync(Enumerable.Range(1, 5).Select(i => Event("a", i)).ToList(), 0, 5, Token);
        await events.MarkDeliveredAsync(Writes.Tenant, "a", 5, Token);

        Assert.Equal(0, await events.PruneAsync(DateTimeOffset.UnixEpoch, 0, Token));
    }
}
