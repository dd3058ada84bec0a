using System.Net;
using Herald.Core.Errors;
using Herald.Core.Storage;
using static Herald.Storage.Compliance.Writes;

namespace Herald.Storage.Compliance;

/// <summary>Token lookups and conditional create, evaluated on current versions only.</summary>
public abstract class SearchCompliance : StoreComplianceBase
{
    private static IReadOnlyList<Herald.Core.Search.Query.SearchCriterion> Where(string query) => Queries.Criteria("Patient", query);

    [Fact]
    public async Task Find_ByTokenForms_MatchesAsFhirDefines()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("with-system"), Identifier("urn:a", "1")));
        await store.CommitAsync(Create(Key("no-system"), Identifier(null, "1")));
        await store.CommitAsync(Create(Key("other"), Identifier("urn:b", "2")));

        async Task<string[]> Ids(string query) =>
            (await store.Search.FindAsync(Tenant, "Patient", Where(query), 10, Token)).Select(v => v.Id).Order().ToArray();

        Assert.Equal(["no-system", "with-system"], await Ids("identifier=1"));
        Assert.Equal(["with-system"], await Ids("identifier=urn:a|1"));
        Assert.Equal(["no-system"], await Ids("identifier=|1"));
        Assert.Equal(["other"], await Ids("identifier=urn:b|"));
        Assert.Empty(await Ids("identifier=urn:a|2"));
    }

    [Fact]
    public async Task Find_SeesOnlyCurrentVersions()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a"), Identifier("urn:a", "old")));
        await store.CommitAsync(Update(Key("a"), null, Identifier("urn:a", "new")));
        await store.CommitAsync(Create(Key("gone"), Identifier("urn:a", "new")));
        await store.CommitAsync(Delete(Key("gone")));

        Assert.Empty(await store.Search.FindAsync(Tenant, "Patient", Where("identifier=urn:a|old"), 10, Token));
        var found = await store.Search.FindAsync(Tenant, "Patient", Where("identifier=urn:a|new"), 10, Token);
        Assert.Equal("a", Assert.Single(found).Id);
    }

    [Fact]
    public async Task Find_ConditionsAreAndedAndValuesOred()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a"), Identifier("urn:a", "1")));
        await store.CommitAsync(Create(Key("b"), Identifier("urn:a", "2")));

        Assert.Equal(2, (await store.Search.FindAsync(Tenant, "Patient", Where("identifier=urn:a|1,urn:a|2"), 10, Token)).Count);
        Assert.Equal("b", Assert.Single(await store.Search.FindAsync(Tenant, "Patient", Where("identifier=urn:a|1,urn:a|2&_id=b"), 10, Token)).Id);
    }

    [Fact]
    public async Task IfNoneExist_OneMatch_ReturnsItAndWritesNothing()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a"), Identifier("urn:a", "1")));

        var result = await store.CommitAsync(new ResourceWrite
        {
            Key = Key("b"),
            Interaction = Interaction.Create,
            IfNoneExist = Where("identifier=urn:a|1"),
            Render = (_, _) => "{}",
        });

        Assert.Equal(WriteOutcome.MatchedExisting, result.Outcome);
        Assert.Equal("a", result.Version.Id);
        Assert.Null(await store.Resources.ReadAsync(Key("b"), Token));
        Assert.Single(await store.ChangeLog.ReadAfterAsync(0, 10, Token));
    }

    [Fact]
    public async Task IfNoneExist_SeveralMatches_IsPreconditionFailed()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a"), Identifier("urn:a", "1")));
        await store.CommitAsync(Create(Key("b"), Identifier("urn:a", "1")));

        var error = await Assert.ThrowsAsync<FhirException>(() => store.CommitAsync(new ResourceWrite
        {
            Key = Key("c"),
            Interaction = Interaction.Create,
            IfNoneExist = Where("identifier=urn:a|1"),
            Render = (_, _) => "{}",
        }));
        Assert.Equal(HttpStatusCode.PreconditionFailed, error.Status);
    }

    [Fact]
    public async Task IfNoneExist_ParallelCreatesOfTheSameIdentifier_CreateExactlyOne()
    {
        await using var store = await CreateStoreAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.CommitAsync(new ResourceWrite
        {
            Key = Key($"c{i}"),
            Interaction = Interaction.Create,
            IfNoneExist = Where("identifier=urn:a|same"),
            Render = (_, _) => "{}",
            Index = Identifier("urn:a", "same"),
        }), Token)));

        Assert.Single(results, r => r.Outcome == WriteOutcome.Created);
        Assert.Single(await store.Search.FindAsync(Tenant, "Patient", Where("identifier=urn:a|same"), 10, Token));
    }

    [Fact]
    public async Task Find_InOneTenant_DoesNotSeeAnother()
    {
        await using var store = await CreateStoreAsync();
        await store.CommitAsync(Create(Key("a", tenant: "one"), Identifier("urn:a", "1")));
        Assert.Empty(await store.Search.FindAsync("two", "Patient", Where("identifier=urn:a|1"), 10, Token));
    }
}
