using System.Text;

namespace Herald.Core.Search;

/// <summary>
/// Splits FHIR search values on an unescaped separator (',' between OR values, '|' inside a
/// token) and removes the backslash escapes, as the FHIR search spec defines.
/// </summary>
public static class SearchValueSplitter
{
    public static IReadOnlyList<string> Split(string value, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length && value[i + 1] is ',' or '|' or '$' or '\\')
            {
                // Keep escapes of the other separators; the next split level removes them.
                if (value[i + 1] != separator)
                {
                    current.Append(c);
                }

                current.Append(value[++i]);
            }
            else if (c == separator)
            {
                parts.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    /// <summary>Removes every remaining backslash escape.</summary>
    public static string Unescape(string value)
    {
        if (!value.Contains('\\', StringComparison.Ordinal))
        {
            return value;
        }

        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length && value[i + 1] is ',' or '|' or '$' or '\\')
            {
                i++;
            }

            result.Append(value[i]);
        }

        return result.ToString();
    }
}
