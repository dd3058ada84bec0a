using System.Collections.Concurrent;
using System.Net;
using Herald.Core.Errors;
using Herald.Core.Storage;
using static Herald.Storage.Compliance.Writes;

namespace Herald.Storage.Compliance;

/// <summary>change_log: one row per committed write, in commit order, never for a rejected one.</summary>
public abstract class ChangeLogCompliance : StoreComplianceBase
{
    [Fact]
    public async Task EveryWrite_AppendsOneRowWithInteractionAndPreviousVersion()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        await store.CommitAsync(Update(Key("a")));
        await store.CommitAsync(Delete(Key("a")));

        var rows = await store.ChangeLog.ReadAfterAsync(0, 100, Token);

        Assert.Equal([Interaction.Create, Interaction.Update, Interaction.Delete], rows.Select(r => r.Interaction));
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.VersionId));
        Assert.Equal([null, 1L, 2L], rows.Select(r => r.PreviousVersionId));
        Assert.All(rows, r => Assert.Equal((Tenant, "Patient", "a"), (r.Tenant, r.Type, r.Id)));
    }

    [Fact]
    public async Task Sequence_MatchesTheVersionRowsItDescribes()
    {
        await using var store = await CreateStoreAsync();
        var created = await store.CommitAsync(Create(Key("a")));
        var rows = await store.ChangeLog.ReadAfterAsync(0, 100, Token);
        Assert.Equal(created.Version.Sequence, Assert.Single(rows).Sequence);
    }

    [Fact]
    public async Task ReadAfter_ReturnsOnlyLaterRowsUpToTheLimit()
    {
        await using var store = await CreateStoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.CommitAsync(Create(Key($"r{i}")));
        }

        var all = await store.ChangeLog.ReadAfterAsync(0, 100, Token);
        var page = await store.ChangeLog.ReadAfterAsync(all[1].Sequence, 2, Token);

        Assert.Equal(all.Skip(2).Take(2).Select(r => r.Sequence), page.Select(r => r.Sequence));
    }

    [Fact]
    public async Task RejectedWrite_AppendsNoRow()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        await Assert.ThrowsAsync<FhirException>(() => store.CommitAsync(Update(Key("a"), ifMatch: 5)));
        await Assert.ThrowsAsync<FhirException>(() => store.CommitAsync(Delete(Key("never"))));

        Assert.Single(await store.ChangeLog.ReadAfterAsync(0, 100, Token));
    }

    [Fact]
    public async Task ParallelWriters_ProduceGaplessOrderedLogWithoutDuplicateVersions()
    {
        await using var store = await CreateStoreAsync();
        const int writers = 8;
        const int perWriter = 25;
        var committed = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                // Writers share a few resources so versions of one resource race too.
                var result = await store.CommitAsync(Update(Key($"shared{i % 3}")));
                committed.Add(result.Version.Sequence);
                await store.CommitAsync(Create(Key($"w{w}-{i}")));
            }
        }, Token)));

        var rows = await store.ChangeLog.ReadAfterAsync(0, 10_000, Token);
        Assert.Equal(writers * perWriter * 2, rows.Count);
        Assert.True(rows.Zip(rows.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequence must strictly increase");
        Assert.Equal(rows.Count, rows.Select(r => (r.Type, r.Id, r.VersionId)).Distinct().Count());
        foreach (var shared in rows.Where(r => r.Id.StartsWith("shared", StringComparison.Ordinal)).GroupBy(r => r.Id))
        {
            // Each shared resource got versions 1..n with no gap, in sequence order.
            Assert.Equal(Enumerable.Range(1, shared.Count()).Select(v => (long)v), shared.Select(r => r.VersionId));
        }

        Assert.All(committed, seq => Assert.Contains(rows, r => r.Sequence == seq));
    }

    [Fact]
    public async Task WatermarkReader_WhileEightWritersCommit_NeverSkipsACommittedRow()
    {
        // The subscriptions matcher keeps only "highest sequence seen". If a row with a smaller
        // sequence could become visible after a larger one (PostgreSQL sequences are allocated
        // before commit), this reader would step over it and never see it.
        await using var store = await CreateStoreAsync();
        const int writers = 8;
        const int perWriter = 60;
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                await store.Resources.CommitAsync(
                    i % 4 == 0
                        ? [Create(Key($"w{w}-{i}"), Identifier("urn:w", $"{w}-{i}")), Update(Key($"shared{i % 3}"))]
                        : [Create(Key($"w{w}-{i}"), Identifier("urn:w", $"{w}-{i}"))],
                    Token);
            }
        }, Token)));

        var seen = new List<long>();
        var watermark = 0L;
        while (true)
        {
            // Read the flag before polling: a poll that starts after the writers finished and
            // returns nothing new proves the reader has caught up with everything committed.
            var finished = writing.IsCompleted;
            var page = await store.ChangeLog.ReadAfterAsync(watermark, 50, Token);
            foreach (var row in page)
            {
                seen.Add(row.Sequence);
                watermark = row.Sequence;
            }

            if (finished && page.Count == 0)
            {
                break;
            }
        }

        await writing;
        var all = await store.ChangeLog.ReadAfterAsync(0, 100_000, Token);
        Assert.Equal(writers * (perWriter + perWriter / 4), all.Count);
        var skipped = all.Select(r => r.Sequence).Except(seen).ToList();
        Assert.True(skipped.Count == 0, $"the watermark reader skipped {skipped.Count} committed rows, e.g. seq {string.Join(", ", skipped.Take(5))}");
        Assert.Equal(all.Select(r => r.Sequence), seen);
    }

    [Fact]
    public async Task ParallelIfMatch_OnOneResource_ExactlyOneWins()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            try
            {
                await store.CommitAsync(Update(Key("a"), ifMatch: 1));
                return HttpStatusCode.OK;
            }
            catch (FhirException e)
            {
                return e.Status;
            }
        }, Token)));

        Assert.Single(outcomes, s => s == HttpStatusCode.OK);
        Assert.Equal(7, outcomes.Count(s => s == HttpStatusCode.PreconditionFailed));
        Assert.Equal(2, (await store.Resources.ReadAsync(Key("a"), Token))!.VersionId);
    }
}
