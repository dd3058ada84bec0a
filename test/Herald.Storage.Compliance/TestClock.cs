namespace Herald.Storage.Compliance;

/// <summary>A clock the test moves by hand, to check what the store does when time stands still or goes back.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
