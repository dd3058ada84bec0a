using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Core.Search.Indexing;
using Herald.Core.Search.Matching;
using Herald.Core.Search.Query;
using Herald.Core.Storage;
using static Herald.Storage.Compliance.Writes;
using Task = System.Threading.Tasks.Task;

namespace Herald.Storage.Compliance;

/// <summary>
/// "Defined once": over one generated corpus, every query of the <see cref="QueryCorpus"/> must
/// select exactly the same resources through the backend's SQL search as through the in-memory
/// <see cref="SearchMatcher"/>. Chains and _has (SQL only) are checked against expectations
/// computed by hand from the corpus.
/// </summary>
public abstract class SearchAgreementCompliance : StoreComplianceBase
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task EveryCorpusQuery_SqlAndInMemoryMatcher_SelectTheSameResources()
    {
        var loaded = await LoadAsync();
        await using var store = loaded.Store;
        var singles = QueryCorpus.Generate(loaded.Corpus, loaded.LastUpdated);
        var failures = new List<string>();
        var outcomes = new List<(CorpusQuery Query, int Matched, int Of)>();
        foreach (var query in singles)
        {
            outcomes.Add(await CompareAsync(loaded, query, failures));
        }

        // AND combinations of the selective single queries, so combinations are not all empty.
        var selective = outcomes.Where(o => o.Matched > 0 && o.Matched < o.Of).Select(o => o.Query).ToList();
        foreach (var query in QueryCorpus.Pairs(selective, 150))
        {
            outcomes.Add(await CompareAsync(loaded, query, failures));
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {outcomes.Count} queries disagree between SQL and the in-memory matcher:\n{string.Join("\n", failures)}");

        // The corpus must be able to fail: most queries select something, many select a strict subset.
        Assert.True(outcomes.Count >= 500, $"Only {outcomes.Count} queries in the corpus.");
        var matchedSome = outcomes.Count(o => o.Matched > 0);
        var matchedFewer = outcomes.Count(o => o.Matched < o.Of);
        Assert.True(matchedSome >= outcomes.Count * 0.7, $"Only {matchedSome} of {outcomes.Count} queries match anything.");
        Assert.True(matchedFewer >= outcomes.Count * 0.2, $"Only {matchedFewer} of {outcomes.Count} queries match fewer than all resources.");
        TestContext.Current.SendDiagnosticMessage(
            $"Agreement corpus: {outcomes.Count} queries, {matchedSome} match something, {matchedFewer} match fewer than all.");
    }

    [Fact]
    public async Task ChainAndHas_MatchExpectationsComputedFromTheCorpus()
    {
        var loaded = await LoadAsync();
        await using var store = loaded.Store;
        var corpus = loaded.Corpus;
        var patients = corpus.Patients.ToDictionary(p => "Patient/" + p.Id);
        var failures = new List<string>();

        async Task Check(string type, string query, IEnumerable<string?> expected)
        {
            var actual = await SqlIdsAsync(store, type, query);
            var wanted = expected.OfType<string>().ToHashSet();
            if (!wanted.SetEquals(actual))
            {
                failures.Add(Describe(new CorpusQuery(type, query), actual, wanted));
            }
            else if (wanted.Count == 0)
            {
                failures.Add($"{type}?{query}: expected nothing; the check would not catch a wrong answer");
            }
        }

        bool FamilyStartsWith(string? reference, string prefix) =>
            reference is not null && patients.TryGetValue(reference, out var p)
            && p.Name.Any(n => new[] { n.Family, n.Text }.Concat(n.Given).Any(s => s is not null && TextNormalizer.Normalize(s).StartsWith(prefix, StringComparison.Ordinal)));

        await Check("Observation", "subject:Patient.name=muller", corpus.Observations.Where(o => FamilyStartsWith(o.Subject?.Reference, "muller")).Select(o => o.Id));
        await Check("Observation", "patient:Patient.family=garc", corpus.Observations.Where(o => FamilyStartsWith(o.Subject?.Reference, "garc")).Select(o => o.Id));
        await Check("Encounter", "subject:Patient.gender=female", corpus.Encounters
            .Where(e => e.Subject?.Reference is { } r && patients.TryGetValue(r, out var p) && p.Gender == AdministrativeGender.Female).Select(e => e.Id));
        await Check("Observation", "subject:Patient.identifier=MRN1003,MRN1004", corpus.Observations
            .Where(o => o.Subject?.Reference is { } r && patients.TryGetValue(r, out var p) && p.Identifier.Any(i => i.Value is "MRN1003" or "MRN1004")).Select(o => o.Id));
        await Check("Observation", "encounter.status=finished&code=8867-4", corpus.Observations
            .Where(o => o.Code.Coding[0].Code == "8867-4" && o.Encounter?.Reference is { } e
                && corpus.Encounters.Single(x => "Encounter/" + x.Id == e).Status == Encounter.EncounterStatus.Finished).Select(o => o.Id));

        var codeSubjects = corpus.Observations.Where(o => o.Code.Coding.Any(c => c.Code == "85354-9")).Select(o => o.Subject?.Reference).ToHashSet();
        await Check("Patient", "_has:Observation:patient:code=85354-9", corpus.Patients.Where(p => codeSubjects.Contains("Patient/" + p.Id)).Select(p => p.Id));
        var finished = corpus.Encounters.Where(e => e.Status == Encounter.EncounterStatus.Finished).Select(e => e.Subject?.Reference).ToHashSet();
        await Check("Patient", "_has:Encounter:subject:status=finished&gender=male", corpus.Patients
            .Where(p => finished.Contains("Patient/" + p.Id) && p.Gender == AdministrativeGender.Male).Select(p => p.Id));
        var observed = corpus.Observations.Select(o => o.Encounter?.Reference).OfType<string>().ToHashSet();
        await Check("Encounter", "_has:Observation:encounter:status=final", corpus.Encounters
            .Where(e => corpus.Observations.Any(o => o.Encounter?.Reference == "Encounter/" + e.Id && o.Status == ObservationStatus.Final)).Select(e => e.Id));
        await Check("Encounter", "_has:Observation:encounter:_id:missing=false", corpus.Encounters.Where(e => observed.Contains("Encounter/" + e.Id)).Select(e => e.Id));

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Stores the corpus through the real store, as ResourceService does: indexed, then stamped and rendered.</summary>
    private async Task<LoadedCorpus> LoadAsync()
    {
        var clock = new TestClock(Start);
        var store = await CreateStoreAsync(clock);
        var corpus = CorpusGenerator.Generate();
        var indexer = new SearchIndexer();
        var step = 0;
        foreach (var resource in corpus.All)
        {
            // Spread lastUpdated over a few days, irregularly, so _lastUpdated queries select.
            clock.Now = Start.AddMinutes(step * 23 + (step % 7) * 3).AddMilliseconds(step % 1000);
            step++;
            var key = Key(resource.Id!, resource.TypeName);
            await store.CommitAsync(new ResourceWrite
            {
                Key = key,
                Interaction = Interaction.Create,
                Index = indexer.Extract(resource),
                Render = (version, lastUpdated) =>
                {
                    resource.Meta ??= new Meta();
                    resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
                    resource.Meta.LastUpdated = lastUpdated;
                    return FhirSerializer.Instance.ToStorageJson(resource);
                },
            });
        }

        // The matcher sees what the store holds: the stored JSON and the stored lastUpdated.
        var stored = new List<StoredResource>();
        foreach (var resource in corpus.All)
        {
            var version = await store.Resources.ReadAsync(Key(resource.Id!, resource.TypeName), Token)
                ?? throw new InvalidOperationException($"{resource.TypeName}/{resource.Id} was not stored.");
            var parsed = FhirSerializer.Instance.FromStorageJson(version.Json!);
            stored.Add(new StoredResource(parsed, version.LastUpdated, indexer.Extract(parsed)));
        }

        return new LoadedCorpus(store, corpus, stored, stored.ToDictionary(s => $"{s.Resource.TypeName}/{s.Resource.Id}", s => s.LastUpdated));
    }

    private static async Task<(CorpusQuery, int, int)> CompareAsync(LoadedCorpus loaded, CorpusQuery query, List<string> failures)
    {
        var candidates = loaded.Stored.Where(s => s.Resource.TypeName == query.Type).ToList();
        SearchQuery parsed;
        try
        {
            parsed = Queries.Parse(query.Type, query.Query, count: 1000);
        }
        catch (FhirException e)
        {
            failures.Add($"{query}: does not parse: {e.Message}");
            return (query, 0, candidates.Count);
        }

        var result = await loaded.Store.Search.SearchAsync(Tenant, parsed, Token);
        var sql = result.Matches.Select(m => m.Id).ToHashSet();
        var matcher = new SearchMatcher(new SearchIndexer());

        // Every tenth query goes through the public entry point (extraction included); the rest
        // reuse each resource's extracted index with the same per-criterion comparison.
        var full = loaded.Compared++ % 10 == 0;
        var memory = candidates.Where(s => full
                ? matcher.Matches(parsed.Criteria, s.Resource, s.LastUpdated)
                : parsed.Criteria.All(c => SearchMatcher.Matches(c, s.Resource.Id!, s.LastUpdated.ToUnixTimeMilliseconds(), s.Index)))
            .Select(s => s.Resource.Id!).ToHashSet();
        if (!sql.SetEquals(memory))
        {
            failures.Add(Describe(query, sql, memory));
        }
        else if (result.Total != sql.Count)
        {
            failures.Add($"{query}: total {result.Total} but {sql.Count} matches");
        }

        return (query, sql.Count, candidates.Count);
    }

    private static async Task<HashSet<string>> SqlIdsAsync(StoreUnderTest store, string type, string query)
    {
        var result = await store.Search.SearchAsync(Tenant, Queries.Parse(type, query, count: 1000), Token);
        return result.Matches.Select(m => m.Id).ToHashSet();
    }

    private static string Describe(CorpusQuery query, IReadOnlySet<string> sql, IReadOnlySet<string> expected)
    {
        var text = new StringBuilder($"{query}: ");
        text.Append(CultureInfo.InvariantCulture, $"only SQL [{string.Join(", ", sql.Except(expected).Order(StringComparer.Ordinal))}] ");
        text.Append(CultureInfo.InvariantCulture, $"only in-memory/expected [{string.Join(", ", expected.Except(sql).Order(StringComparer.Ordinal))}] ");
        text.Append(CultureInfo.InvariantCulture, $"({sql.Count} vs {expected.Count})");
        return text.ToString();
    }

    private sealed record StoredResource(Resource Resource, DateTimeOffset LastUpdated, SearchIndex Index);

    private sealed record LoadedCorpus(
        StoreUnderTest Store,
        Corpus Corpus,
        IReadOnlyList<StoredResource> Stored,
        IReadOnlyDictionary<string, DateTimeOffset> LastUpdated)
    {
        public int Compared { get; set; }
    }
}
