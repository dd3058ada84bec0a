using Herald.Core.Search;

namespace Herald.UnitTests;

public sealed class SearchValueSplitterTests
{
    [Theory]
    [InlineData("a,b", new[] { "a", "b" })]
    [InlineData("a\\,b,c", new[] { "a,b", "c" })]
    [InlineData("", new[] { "" })]
    [InlineData("a,", new[] { "a", "" })]
    public void Split_OnComma_HonoursEscapes(string value, string[] expected) =>
        Assert.Equal(expected, SearchValueSplitter.Split(value, ','));

    [Fact]
    public void Split_OnComma_KeepsEscapedPipeForTheNextLevel() =>
        Assert.Equal(["a\\|b"], SearchValueSplitter.Split("a\\|b", ','));

    [Theory]
    [InlineData("a\\|b", "a|b")]
    [InlineData("a\\\\b", "a\\b")]
    [InlineData("plain", "plain")]
    public void Unescape_RemovesBackslashEscapes(string value, string expected) =>
        Assert.Equal(expected, SearchValueSplitter.Unescape(value));
}
