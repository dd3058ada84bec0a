using System.Text;

namespace Herald.Core.Search.Definitions;

/// <summary>
/// Many R4 definitions share one expression across types (<c>Account.identifier | Patient.identifier | ...</c>).
/// Keeping only the branches for the resource being indexed saves evaluating dozens of branches
/// that can never match on every write.
/// </summary>
public static class ExpressionNarrower
{
    public static string Narrow(string expression, string resourceType)
    {
        var branches = SplitTopLevelUnion(expression);
        if (branches.Count == 1)
        {
            return expression;
        }

        var kept = branches.Where(b => StartsWithType(b, resourceType) || !StartsWithAnyType(b)).ToList();
        return kept.Count == 0 ? expression : string.Join(" | ", kept);
    }

    private static bool StartsWithType(string branch, string type)
    {
        var trimmed = branch.TrimStart('(', ' ');
        return trimmed.StartsWith(type + ".", StringComparison.Ordinal) || trimmed == type
            || trimmed.StartsWith(type + " ", StringComparison.Ordinal);
    }

    private static bool StartsWithAnyType(string branch)
    {
        var trimmed = branch.TrimStart('(', ' ');
        return trimmed.Length > 0 && char.IsUpper(trimmed[0]);
    }

    private static List<string> SplitTopLevelUnion(string expression)
    {
        var parts = new List<string>();
        var depth = 0;
        var inString = false;
        var current = new StringBuilder();
        foreach (var c in expression)
        {
            if (c == '\'')
            {
                inString = !inString;
            }
            else if (!inString && c == '(')
            {
                depth++;
            }
            else if (!inString && c == ')')
            {
                depth--;
            }
            else if (!inString && depth == 0 && c == '|')
            {
                parts.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        parts.Add(current.ToString().Trim());
        return parts;
    }
}
