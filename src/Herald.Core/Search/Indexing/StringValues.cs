using Hl7.Fhir.Model;

namespace Herald.Core.Search.Indexing;

/// <summary>The texts a string parameter matches: every part of a name or address, or the value itself.</summary>
public static class StringValues
{
    public static IEnumerable<string> Of(Base value)
    {
        IEnumerable<string?> texts = value switch
        {
            HumanName name => [name.Text, name.Family, .. name.Given, .. name.Prefix, .. name.Suffix],
            Address address => [address.Text, .. address.Line, address.City, address.District, address.State, address.PostalCode, address.Country],
            PrimitiveType { JsonValue: { } primitive } => [primitive.ToString()],
            _ => [],
        };
        return texts.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!);
    }
}
