using Herald.Core.Search.Indexing;

namespace Herald.UnitTests.Search;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Müller", "muller")]
    [InlineData("CRÈME Brûlée", "creme brulee")]
    [InlineData("Zoë", "zoe")]
    [InlineData("plain", "plain")]
    public void Normalize_FoldsCaseAndAccents(string value, string expected) =>
        Assert.Equal(expected, TextNormalizer.Normalize(value));
}
