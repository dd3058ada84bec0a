using Herald.Core.Errors;

namespace Herald.Core.Fhir;

/// <summary>
/// Bounds on client-supplied FHIRPath (PATCH paths, topic criteria). Firely's FHIRPath parser
/// recurses per nesting level: a few thousand '(' overflow the stack and kill the process, which
/// no catch can stop, so such expressions are refused before they reach it.
/// </summary>
public static class FhirPathLimits
{
    public const int MaxLength = 4096;

    public const int MaxNesting = 32;

    /// <summary>Throws a 400 when <paramref name="expression"/> is too long or nested too deeply.</summary>
    public static void Check(string expression, string what)
    {
        if (expression.Length > MaxLength)
        {
            throw FhirException.BadRequest($"{what} is longer than {MaxLength} characters.");
        }

        var depth = 0;
        var quote = '\0';
        foreach (var c in expression)
        {
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '\'' or '`' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                if (++depth > MaxNesting)
                {
                    throw FhirException.BadRequest($"{what} nests brackets more than {MaxNesting} deep.");
                }
            }
            else if (c is ')' or ']' or '}')
            {
                depth = Math.Max(0, depth - 1);
            }
        }
    }
}
