using System.Globalization;

namespace Herald.LoadTest.Scenarios;

/// <summary>
/// Dispatch for <c>--scenario slow-sockets</c> (issue 9 scenario 3: <c>--slow</c> 50, <c>--fast</c> 5,
/// <c>--rate</c> 100, <c>--seconds</c> 20, <c>--delay-ms</c> 200, <c>--send-queue</c> 64, <c>--rcvbuf</c> 4096)
/// and <c>--scenario steady</c> (scenario 4: <c>--subscriptions</c> 1000, <c>--rate</c> 50, <c>--seconds</c> 10,
/// <c>--creates</c> 1000, <c>--clients</c> 8).
/// </summary>
public static class LoadScenarios
{
    public static Task<int>? TryRun(string[] args)
    {
        var command = "dotnet run -c Release --project bench/Herald.LoadTest -- " + string.Join(' ', args);
        return Value(args, "--scenario") switch
        {
            "slow-sockets" => SlowSockets.RunAsync(N(args, "--slow", 50), N(args, "--fast", 5), N(args, "--rate", 100), N(args, "--seconds", 20),
                N(args, "--delay-ms", 200), N(args, "--send-queue", 64), N(args, "--rcvbuf", 4096), command),
            "steady" => SteadyState.RunAsync(N(args, "--subscriptions", 1000), N(args, "--rate", 50), N(args, "--seconds", 10), N(args, "--creates", 1000), N(args, "--clients", 8), command),
            _ => null,
        };
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int N(string[] args, string name, int fallback) =>
        Value(args, name) is { } raw ? int.Parse(raw, CultureInfo.InvariantCulture) : fallback;
}
