using System.Globalization;

namespace Herald.LoadTest.Scenarios;

/// <summary>
/// Dispatch for <c>--scenario kill9</c> and <c>--scenario outage</c>, kept out of Program.cs:
/// options <c>--kills N</c> (3), <c>--writers N</c> (8), <c>--seconds S</c> (between kills, 3),
/// <c>--outage-seconds S</c> (5).
/// </summary>
public static class FaultScenarios
{
    public static Task<int>? TryRun(string[] args)
    {
        var scenario = Value(args, "--scenario");
        return scenario switch
        {
            "kill9" => KillUnderLoad.RunAsync((int)Number(args, "--kills", 3), (int)Number(args, "--writers", 8), Number(args, "--seconds", 3)),
            "outage" => ReceiverOutage.RunAsync((int)Number(args, "--writers", 8), Number(args, "--outage-seconds", 5)),
            _ => null,
        };
    }

    private static string? Value(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static double Number(string[] args, string name, double fallback) =>
        Value(args, name) is { } raw ? double.Parse(raw, CultureInfo.InvariantCulture) : fallback;
}
