namespace Herald.IntegrationTests.BadInput;

/// <summary>The whole generated corpus: deterministic for a seed, so a failure reproduces.</summary>
public static class BadInputCorpus
{
    public const int Seed = 20240917;

    public static IReadOnlyList<BadRequest> Generate(int seed = Seed)
    {
        var random = new Random(seed);
        return BodyCases.All(random)
            .Concat(QueryCases.All(random))
            .Concat(WriteCases.All(random))
            .ToList();
    }
}
