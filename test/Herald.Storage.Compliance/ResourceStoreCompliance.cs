using System.Net;
using Herald.Core.Errors;
using Herald.Core.Storage;
using static Herald.Storage.Compliance.Writes;

namespace Herald.Storage.Compliance;

/// <summary>Versioning, preconditions and atomicity of writes.</summary>
public abstract class ResourceStoreCompliance : StoreComplianceBase
{
    [Fact]
    public async Task Create_NewResource_IsVersionOneAndReadable()
    {
        await using var store = await CreateStoreAsync();
        var result = await store.CommitAsync(Create(Key("a")));

        Assert.Equal(WriteOutcome.Created, result.Outcome);
        Assert.Equal(1, result.Version.VersionId);
        Assert.Null(result.PreviousVersionId);
        var read = await store.Resources.ReadAsync(Key("a"), Token);
        Assert.NotNull(read);
        Assert.Equal(1, read.VersionId);
        Assert.Contains("\"versionId\":\"1\"", read.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_Existing_IncrementsVersionAndKeepsOldVersions()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        var second = await store.CommitAsync(Update(Key("a")));
        var third = await store.CommitAsync(Update(Key("a")));

        Assert.Equal(WriteOutcome.Updated, third.Outcome);
        Assert.Equal(3, third.Version.VersionId);
        Assert.Equal(2, third.PreviousVersionId);
        Assert.Equal(2, second.Version.VersionId);
        var v2 = await store.Resources.ReadVersionAsync(Key("a"), 2, Token);
        Assert.Contains("\"versionId\":\"2\"", v2!.Json, StringComparison.Ordinal);
        Assert.Null(await store.Resources.ReadVersionAsync(Key("a"), 4, Token));
    }

    [Fact]
    public async Task Update_Absent_CreatesVersionOne()
    {
        await using var store = await CreateStoreAsync();
        var result = await store.CommitAsync(Update(Key("new")));

        Assert.Equal(WriteOutcome.Created, result.Outcome);
        Assert.Equal(Interaction.Create, result.Version.Interaction);
        Assert.Equal(1, result.Version.VersionId);
    }

    [Fact]
    public async Task Delete_Existing_WritesDeletionVersionWithoutContent()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        var deleted = await store.CommitAsync(Delete(Key("a")));

        Assert.Equal(WriteOutcome.Deleted, deleted.Outcome);
        Assert.Equal(2, deleted.Version.VersionId);
        var current = await store.Resources.ReadAsync(Key("a"), Token);
        Assert.True(current!.IsDeleted);
        Assert.Null(current.Json);
    }

    [Fact]
    public async Task Delete_AlreadyDeleted_WritesNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        await store.CommitAsync(Delete(Key("a")));
        var before = await store.ChangeLog.ReadAfterAsync(0, 100, Token);

        var again = await store.CommitAsync(Delete(Key("a")));

        Assert.Equal(WriteOutcome.AlreadyDeleted, again.Outcome);
        Assert.Equal(before.Count, (await store.ChangeLog.ReadAfterAsync(0, 100, Token)).Count);
    }

    [Fact]
    public async Task Delete_NeverExisted_IsNotFound()
    {
        await using var store = await CreateStoreAsync();
        var error = await Assert.ThrowsAsync<FhirException>(() => store.CommitAsync(Delete(Key("nope"))));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
    }

    [Fact]
    public async Task Update_AfterDelete_RecreatesWithNextVersion()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        await store.CommitAsync(Delete(Key("a")));
        var recreated = await store.CommitAsync(Update(Key("a")));

        Assert.Equal(WriteOutcome.Created, recreated.Outcome);
        Assert.Equal(3, recreated.Version.VersionId);
        Assert.Equal(Interaction.Create, recreated.Version.Interaction);
    }

    [Fact]
    public async Task IfMatch_Stale_IsPreconditionFailedAndChangesNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        await store.CommitAsync(Update(Key("a")));

        var error = await Assert.ThrowsAsync<FhirException>(() => store.CommitAsync(Update(Key("a"), ifMatch: 1)));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.Status);
        Assert.Equal(2, (await store.Resources.ReadAsync(Key("a"), Token))!.VersionId);
        Assert.Equal(2, (await store.ChangeLog.ReadAfterAsync(0, 100, Token)).Count);
    }

    [Fact]
    public async Task IfMatch_Current_Succeeds()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a")));
        var result = await store.CommitAsync(Update(Key("a"), ifMatch: 1));
        Assert.Equal(2, result.Version.VersionId);
    }

    [Fact]
    public async Task IfMatch_OnAbsentResource_IsPreconditionFailed()
    {
        await using var store = await CreateStoreAsync();
        var error = await Assert.ThrowsAsync<FhirException>(() => store.CommitAsync(Update(Key("a"), ifMatch: 1)));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.Status);
        Assert.Null(await store.Resources.ReadAsync(Key("a"), Token));
    }

    [Fact]
    public async Task Commit_WhenOneWriteFails_WritesNothingAtAll()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("existing")));

        await Assert.ThrowsAsync<FhirException>(() => store.Resources.CommitAsync(
            [Create(Key("fresh")), Update(Key("existing"), ifMatch: 7)], Token));

        Assert.Null(await store.Resources.ReadAsync(Key("fresh"), Token));
        Assert.Single(await store.ChangeLog.ReadAfterAsync(0, 100, Token));
    }

    [Fact]
    public async Task Commit_WhenOneWriteFails_ReportsTheIndexOfThatWrite()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("existing")));

        var error = await Assert.ThrowsAsync<FhirException>(() => store.Resources.CommitAsync(
            [Create(Key("x")), Create(Key("y")), Update(Key("existing"), ifMatch: 7), Create(Key("z"))], Token));

        Assert.Equal(2, WritePlanner.FailedWriteIndex(error));
    }

    [Fact]
    public async Task IfNoneExist_WithRequireNoMatch_FailsOnAMatchInsteadOfReturningIt()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a"), Identifier("s", "v")));
        var criteria = new Herald.Core.Search.Query.SearchQueryParser(Herald.Core.Search.Definitions.SearchParameterRegistry.Instance)
            .Parse("Patient", [new("identifier", "s|v")], new(Strict: true, DefaultCount: 2, MaxCount: 2, BaseUrl: null)).Criteria;
        var write = new ResourceWrite
        {
            Key = Key("b"), Interaction = Interaction.Create, IfNoneExist = criteria, RequireNoMatch = true,
            Render = Create(Key("b")).Render, Index = Identifier("s", "v"),
        };

        var error = await Assert.ThrowsAsync<FhirException>(() => store.CommitAsync(write));

        Assert.Equal(HttpStatusCode.PreconditionFailed, error.Status);
        Assert.Null(await store.Resources.ReadAsync(Key("b"), Token));
    }

    [Fact]
    public async Task Commit_SeveralWrites_SeeEachOtherInOrder()
    {
        await using var store = await CreateStoreAsync();
        var results = await store.Resources.CommitAsync([Create(Key("a")), Update(Key("a")), Delete(Key("a"))], Token);

        Assert.Equal([1L, 2L, 3L], results.Select(r => r.Version.VersionId));
        Assert.Equal([WriteOutcome.Created, WriteOutcome.Updated, WriteOutcome.Deleted], results.Select(r => r.Outcome));
    }

    [Fact]
    public async Task LastUpdated_WhenClockStandsStillOrGoesBack_StillIncreasesPerResource()
    {
        var clock = new TestClock(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var store = await CreateStoreAsync(clock);
        var first = await store.CommitAsync(Create(Key("a")));
        var second = await store.CommitAsync(Update(Key("a")));
        clock.Now = clock.Now.AddHours(-1);
        var third = await store.CommitAsync(Update(Key("a")));

        Assert.True(second.Version.LastUpdated > first.Version.LastUpdated);
        Assert.True(third.Version.LastUpdated > second.Version.LastUpdated);
    }

    [Fact]
    public async Task Tenants_AreIsolated()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a", tenant: "one")));

        Assert.Null(await store.Resources.ReadAsync(Key("a", tenant: "two"), Token));
        var created = await store.CommitAsync(Update(Key("a", tenant: "two")));
        Assert.Equal(1, created.Version.VersionId);
        Assert.Equal(1, (await store.Resources.ReadAsync(Key("a", tenant: "one"), Token))!.VersionId);
    }
}
