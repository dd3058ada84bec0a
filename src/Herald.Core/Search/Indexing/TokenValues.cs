using Hl7.Fhir.Model;

namespace Herald.Core.Search.Indexing;

/// <summary>Token rows of codings, concepts, identifiers, contact points, codes and booleans.</summary>
public static class TokenValues
{
    /// <summary>
    /// Suffix of the extra rows that serve <c>identifier:of-type</c>: system holds
    /// "typeSystem|typeCode", code holds the identifier value.
    /// </summary>
    public const string OfTypeSuffix = ":of-type";

    public static void Add(List<TokenRow> rows, string param, Base value)
    {
        switch (value)
        {
            case Coding coding:
                rows.Add(new TokenRow(param, coding.System, coding.Code, Text(coding.Display)));
                break;
            case CodeableConcept concept:
                foreach (var coding in concept.Coding)
                {
                    rows.Add(new TokenRow(param, coding.System, coding.Code, Text(coding.Display)));
                }

                if (!string.IsNullOrWhiteSpace(concept.Text))
                {
                    rows.Add(new TokenRow(param, null, null, Text(concept.Text)));
                }

                break;
            case Identifier identifier:
                rows.Add(new TokenRow(param, identifier.System, identifier.Value, Text(identifier.Type?.Text)));
                foreach (var type in identifier.Type?.Coding ?? [])
                {
                    rows.Add(new TokenRow(param + OfTypeSuffix, $"{type.System}|{type.Code}", identifier.Value, null));
                }

                break;
            case ContactPoint contact:
                rows.Add(new TokenRow(param, null, contact.Value, null));
                break;
            case FhirBoolean { Value: { } flag }:
                rows.Add(new TokenRow(param, null, flag ? "true" : "false", null));
                break;
            case PrimitiveType { JsonValue: { } primitive }:
                rows.Add(new TokenRow(param, null, primitive is bool b ? (b ? "true" : "false") : primitive.ToString(), null));
                break;
        }
    }

    private static string? Text(string? text) => string.IsNullOrWhiteSpace(text) ? null : TextNormalizer.Normalize(text);
}
