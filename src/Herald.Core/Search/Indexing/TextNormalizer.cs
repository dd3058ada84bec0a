using System.Globalization;
using System.Text;

namespace Herald.Core.Search.Indexing;

/// <summary>
/// FHIR string search is case- and accent-insensitive: values and query strings both go through
/// this before they are compared, in SQL and in memory.
/// </summary>
public static class TextNormalizer
{
    public static string Normalize(string value)
    {
        var decomposed = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
