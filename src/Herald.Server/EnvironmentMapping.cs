using System.Collections;

namespace Herald.Server;

/// <summary>
/// Maps <c>HERALD_DATA_DIR</c>-style variables onto <c>Herald:DataDir</c>-style keys
/// (configuration keys are case-insensitive, so dropping the underscores is enough).
/// </summary>
public static class EnvironmentMapping
{
    public const string Prefix = "HERALD_";

    public static Dictionary<string, string?> Read()
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            var name = (string)variable.Key;
            if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) && name.Length > Prefix.Length)
            {
                result["Herald:" + name[Prefix.Length..].Replace("_", "", StringComparison.Ordinal)] = (string?)variable.Value;
            }
        }

        return result;
    }
}
