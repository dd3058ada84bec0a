using Hl7.Fhir.Model;
using Herald.Core.Search.Definitions;

namespace Herald.Core.Search.Indexing;

/// <summary>
/// Composite rows: for each element the composite expression selects, every combination of the
/// first (token) component's values with the second component's values — so both must hold on
/// the same element, as FHIR requires.
/// </summary>
public static class CompositeValues
{
    public static void Add(List<CompositeRow> rows, SearchParameterInfo parameter, PocoNode element)
    {
        var first = new List<TokenRow>();
        foreach (var value in parameter.Components[0].Compiled(element, SearchIndexer.NewContext()))
        {
            TokenValues.Add(first, parameter.Name, value.Poco);
        }

        var second = parameter.Components[1];
        foreach (var value in second.Compiled(element, SearchIndexer.NewContext()))
        {
            foreach (var token in first.Where(t => t.Code is not null))
            {
                if (Second(parameter.Name, token, second.Type, value.Poco) is { } row)
                {
                    rows.Add(row);
                }
            }
        }
    }

    private static CompositeRow? Second(string name, TokenRow first, SearchParamType type, Base value)
    {
        switch (type)
        {
            case SearchParamType.Token:
                var tokens = new List<TokenRow>();
                TokenValues.Add(tokens, name, value);
                var token = tokens.FirstOrDefault(t => t.Code is not null);
                return token is null ? null : new CompositeRow(name, first.System, first.Code, token.System, token.Code, null, null, null, null);
            case SearchParamType.Quantity when value is Quantity { Value: { } amount } quantity:
                return new CompositeRow(name, first.System, first.Code, quantity.System, quantity.Code, quantity.Unit, null, (double)amount, (double)amount);
            case SearchParamType.Date when DateValues.TryGet(value, out var low, out var high):
                return new CompositeRow(name, first.System, first.Code, null, null, null, null, low, high);
            case SearchParamType.String when value is PrimitiveType { JsonValue: { } text }:
                return new CompositeRow(name, first.System, first.Code, null, null, null, TextNormalizer.Normalize(text.ToString()!), null, null);
            default:
                return null;
        }
    }
}
