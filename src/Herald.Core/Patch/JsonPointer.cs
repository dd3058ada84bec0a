using Herald.Core.Errors;

namespace Herald.Core.Patch;

/// <summary>RFC 6901 JSON Pointer: "" is the whole document, "/a/0/b~1c" has tokens a, 0, b/c.</summary>
public static class JsonPointer
{
    public static IReadOnlyList<string> Parse(string pointer)
    {
        if (pointer.Length == 0)
        {
            return [];
        }

        if (pointer[0] != '/')
        {
            throw FhirException.BadRequest($"JSON Pointer '{pointer}' must be empty or start with '/'.");
        }

        return pointer[1..].Split('/').Select(token => Unescape(token, pointer)).ToArray();
    }

    private static string Unescape(string token, string pointer)
    {
        for (var i = token.IndexOf('~', StringComparison.Ordinal); i >= 0; i = token.IndexOf('~', i + 1))
        {
            if (i + 1 >= token.Length || token[i + 1] is not ('0' or '1'))
            {
                throw FhirException.BadRequest($"JSON Pointer '{pointer}' has '~' not followed by 0 or 1.");
            }
        }

        // ~1 first, then ~0: "~01" must become "~1", not "/".
        return token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
    }

    /// <summary>An array index token: "0" or digits without a leading zero; null when it is not one.</summary>
    public static int? ArrayIndex(string token) =>
        token.Length > 0 && token.All(char.IsAsciiDigit) && (token.Length == 1 || token[0] != '0') && int.TryParse(token, out var index)
            ? index
            : null;
}
