using Herald.Core.Search.Indexing;

namespace Herald.UnitTests.Search;

public sealed class DateRangesTests
{
    private static long Ms(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0) =>
        new DateTimeOffset(y, mo, d, h, mi, s, ms, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData("2024", 2024, 1, 1, 2025, 1, 1)]
    [InlineData("2024-02", 2024, 2, 1, 2024, 3, 1)]
    [InlineData("2023-02", 2023, 2, 1, 2023, 3, 1)]
    [InlineData("2024-12-31", 2024, 12, 31, 2025, 1, 1)]
    public void TryParse_PartialDate_CoversTheWholePeriodInclusive(string text, int y1, int m1, int d1, int y2, int m2, int d2)
    {
        Assert.True(DateRanges.TryParse(text, out var low, out var high));
        Assert.Equal(Ms(y1, m1, d1), low);
        Assert.Equal(Ms(y2, m2, d2) - 1, high);
    }

    [Fact]
    public void TryParse_DateTimeWithOffset_IsConvertedToUtc()
    {
        Assert.True(DateRanges.TryParse("2024-03-10T23:30:00-05:00", out var low, out var high));
        Assert.Equal(Ms(2024, 3, 11, 4, 30), low);
        Assert.Equal(Ms(2024, 3, 11, 4, 30, 1) - 1, high);
    }

    [Fact]
    public void TryParse_DateTimeWithoutZone_IsReadAsUtc()
    {
        Assert.True(DateRanges.TryParse("2024-03-10T12:00:00", out var low, out _));
        Assert.Equal(Ms(2024, 3, 10, 12), low);
    }

    [Fact]
    public void TryParse_Milliseconds_AreAPointRange()
    {
        Assert.True(DateRanges.TryParse("2024-03-10T12:00:00.250Z", out var low, out var high));
        Assert.Equal(Ms(2024, 3, 10, 12, 0, 0, 250), low);
        Assert.Equal(low, high);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(null)]
    [InlineData("2024-13")]
    [InlineData("2024-02-30")]
    [InlineData("03/10/2024")]
    public void TryParse_Invalid_IsFalse(string? text) => Assert.False(DateRanges.TryParse(text, out _, out _));

    [Fact]
    public void MinAndMax_LeaveRoomForArithmetic()
    {
        Assert.True(DateRanges.Min < Ms(1, 1, 1));
        Assert.True(DateRanges.Max > Ms(9999, 12, 31));
        Assert.True(DateRanges.Max < long.MaxValue / 2);
    }
}
