using System.Globalization;
using Hl7.Fhir.Model;
using Herald.Core.Search.Definitions;

namespace Herald.Core.Search.Indexing;

/// <summary>Converts one FHIRPath result into index rows according to the parameter's type.</summary>
public static class IndexValueConverter
{
    public static void Add(SearchIndex index, SearchParameterInfo parameter, PocoNode node)
    {
        var name = parameter.Name;
        var value = node.Poco;
        switch (parameter.Type)
        {
            case SearchParamType.String:
                foreach (var text in StringValues.Of(value))
                {
                    index.Strings.Add(new StringRow(name, TextNormalizer.Normalize(text), text));
                }

                break;
            case SearchParamType.Token:
                TokenValues.Add(index.Tokens, name, value);
                break;
            case SearchParamType.Reference:
                AddReference(index, name, value);
                break;
            case SearchParamType.Date:
                if (DateValues.TryGet(value, out var low, out var high))
                {
                    index.Dates.Add(new DateRow(name, low, high));
                }

                break;
            case SearchParamType.Number:
                if (NumberOf(value) is { } number)
                {
                    index.Numbers.Add(new NumberRow(name, number));
                }

                break;
            case SearchParamType.Quantity:
                if (value is Quantity { Value: { } amount } quantity)
                {
                    index.Quantities.Add(new QuantityRow(name, quantity.System, quantity.Code, quantity.Unit, (double)amount));
                }
                else if (value is Money { Value: { } money } currency)
                {
                    index.Quantities.Add(new QuantityRow(name, "urn:iso:std:iso:4217", currency.Currency?.ToString(), null, (double)money));
                }

                break;
            case SearchParamType.Uri:
                if (value is PrimitiveType { JsonValue: { } uri })
                {
                    index.Uris.Add(new UriRow(name, Convert.ToString(uri, CultureInfo.InvariantCulture)!));
                }

                break;
            case SearchParamType.Composite:
                CompositeValues.Add(index.Composites, parameter, node);
                break;
        }
    }

    private static void AddReference(SearchIndex index, string name, Base value)
    {
        switch (value)
        {
            case ResourceReference { Reference: { } reference } when !reference.StartsWith('#'):
                var parts = ReferenceParts.Parse(reference);
                index.References.Add(parts.IsAbsolute
                    ? new ReferenceRow(name, null, null, reference)
                    : new ReferenceRow(name, parts.Type, parts.Id, parts.Type is null ? reference : null));
                break;
            case PrimitiveType { JsonValue: string canonical }:
                // canonical / uri references: matched by URL (a "|version" suffix is not part of it).
                var bar = canonical.IndexOf('|', StringComparison.Ordinal);
                index.References.Add(new ReferenceRow(name, null, null, bar < 0 ? canonical : canonical[..bar]));
                break;
        }
    }

    public static double? NumberOf(Base value) => value switch
    {
        FhirDecimal { Value: { } d } => (double)d,
        Integer { Value: { } i } => i,
        PositiveInt { Value: { } p } => p,
        UnsignedInt { Value: { } u } => u,
        Integer64 { Value: { } l } => l,
        _ => null,
    };
}
