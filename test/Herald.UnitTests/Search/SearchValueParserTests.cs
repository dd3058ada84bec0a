using Herald.Core.Errors;
using Herald.Core.Search.Definitions;
using Herald.Core.Search.Query;

namespace Herald.UnitTests.Search;

public sealed class SearchValueParserTests
{
    private static SearchValue Parse(string type, string name, string raw, SearchModifier modifier = SearchModifier.None, string? typeModifier = null, string? baseUrl = null) =>
        SearchValueParser.Parse(SearchParameterRegistry.Instance.Find(type, name)!, modifier, typeModifier, raw, baseUrl);

    private static long Ms(int y, int mo, int d, int h = 0, int mi = 0, int s = 0) =>
        new DateTimeOffset(y, mo, d, h, mi, s, TimeSpan.Zero).ToUnixTimeMilliseconds();

    [Theory]
    [InlineData("2024", SearchPrefix.Eq)]
    [InlineData("eq2024", SearchPrefix.Eq)]
    [InlineData("ne2024", SearchPrefix.Ne)]
    [InlineData("gt2024", SearchPrefix.Gt)]
    [InlineData("lt2024", SearchPrefix.Lt)]
    [InlineData("ge2024", SearchPrefix.Ge)]
    [InlineData("le2024", SearchPrefix.Le)]
    [InlineData("sa2024", SearchPrefix.Sa)]
    [InlineData("eb2024", SearchPrefix.Eb)]
    public void Date_Prefix_IsRecognised(string raw, SearchPrefix expected)
    {
        var value = Assert.IsType<DateValue>(Parse("Patient", "birthdate", raw));
        Assert.Equal(expected, value.Prefix);
        Assert.Equal(Ms(2024, 1, 1), value.Low);
        Assert.Equal(Ms(2025, 1, 1) - 1, value.High);
    }

    [Fact]
    public void Date_MonthDayAndSecondPrecision_CoverTheirWholeRange()
    {
        var month = Assert.IsType<DateValue>(Parse("Patient", "birthdate", "2024-02"));
        Assert.Equal((Ms(2024, 2, 1), Ms(2024, 3, 1) - 1), (month.Low, month.High));
        var day = Assert.IsType<DateValue>(Parse("Patient", "birthdate", "2024-02-29"));
        Assert.Equal((Ms(2024, 2, 29), Ms(2024, 3, 1) - 1), (day.Low, day.High));
        var second = Assert.IsType<DateValue>(Parse("Encounter", "date", "2024-02-29T10:00:00+02:00"));
        Assert.Equal((Ms(2024, 2, 29, 8), Ms(2024, 2, 29, 8, 0, 1) - 1), (second.Low, second.High));
    }

    [Fact]
    public void Date_Approximately_WidensTheRange()
    {
        var value = Assert.IsType<DateValue>(Parse("Encounter", "date", "ap2000-01-01"));
        Assert.True(value.Low < Ms(2000, 1, 1));
        Assert.True(value.High > Ms(2000, 1, 2) - 1);
    }

    [Theory]
    [InlineData("2024-13")]
    [InlineData("yesterday")]
    [InlineData("xx2024")]
    [InlineData("2024-02-30")]
    public void Date_Malformed_IsBadRequestNamingTheParameter(string raw)
    {
        var error = Assert.Throws<FhirException>(() => Parse("Patient", "birthdate", raw));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("'birthdate'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100", 100, 99.5, 100.5)]
    [InlineData("100.0", 100, 99.95, 100.05)]
    [InlineData("5.40", 5.4, 5.395, 5.405)]
    [InlineData("1e2", 100, 50, 150)]
    [InlineData("-2.5", -2.5, -2.55, -2.45)]
    public void Number_Precision_ImpliesTheRange(string raw, double value, double low, double high)
    {
        var number = Assert.IsType<NumberValue>(Parse("RiskAssessment", "probability", raw));
        Assert.Equal(SearchPrefix.Eq, number.Prefix);
        Assert.Equal(value, number.Value, 9);
        Assert.Equal(low, number.Low, 9);
        Assert.Equal(high, number.High, 9);
    }

    [Theory]
    [InlineData("gt0.5", SearchPrefix.Gt)]
    [InlineData("le0.5", SearchPrefix.Le)]
    [InlineData("ap0.5", SearchPrefix.Ap)]
    public void Number_Prefix_IsRecognised(string raw, SearchPrefix prefix) =>
        Assert.Equal(prefix, Assert.IsType<NumberValue>(Parse("RiskAssessment", "probability", raw)).Prefix);

    [Theory]
    [InlineData("abc")]
    [InlineData("zz5")]
    [InlineData("5,5.5")]
    public void Number_Malformed_IsBadRequest(string raw) =>
        Assert.Throws<FhirException>(() => Parse("RiskAssessment", "probability", raw));

    [Fact]
    public void Quantity_Forms_CarrySystemAndCode()
    {
        Assert.Equal(new QuantityValue(new NumberValue(SearchPrefix.Gt, 5.4, 5.35, 5.45), "http://unitsofmeasure.org", "mg"),
            Parse("Observation", "value-quantity", "gt5.4|http://unitsofmeasure.org|mg"), new QuantityComparer());
        var codeOnly = Assert.IsType<QuantityValue>(Parse("Observation", "value-quantity", "5.4||mg"));
        Assert.Null(codeOnly.System);
        Assert.Equal("mg", codeOnly.Code);
        var plain = Assert.IsType<QuantityValue>(Parse("Observation", "value-quantity", "5.4"));
        Assert.Null(plain.System);
        Assert.Null(plain.Code);
        Assert.Throws<FhirException>(() => Parse("Observation", "value-quantity", "5.4|mg"));
    }

    [Theory]
    [InlineData("abc", null, "abc", false)]
    [InlineData("http://loinc.org|8867-4", "http://loinc.org", "8867-4", true)]
    [InlineData("|8867-4", null, "8867-4", true)]
    [InlineData("http://loinc.org|", "http://loinc.org", null, true)]
    [InlineData(@"a\|b", null, "a|b", false)]
    [InlineData(@"urn:x|a\,b", "urn:x", "a,b", true)]
    public void Token_Forms_ParseSystemAndCode(string raw, string? system, string? code, bool systemGiven) =>
        Assert.Equal(new TokenValue(system, code, systemGiven), Parse("Observation", "code", raw));

    [Fact]
    public void Token_OfType_NeedsThreeParts()
    {
        Assert.Equal(new TokenValue("http://terminology.hl7.org/CodeSystem/v2-0203|MR", "123", true),
            Parse("Patient", "identifier", "http://terminology.hl7.org/CodeSystem/v2-0203|MR|123", SearchModifier.OfType));
        Assert.Throws<FhirException>(() => Parse("Patient", "identifier", "MR|123", SearchModifier.OfType));
    }

    [Fact]
    public void Token_Text_IsNormalized() =>
        Assert.Equal(new TokenValue(null, "detecte", false), Parse("Observation", "code", "DÉTECTÉ", SearchModifier.Text));

    [Fact]
    public void String_KeepsRawForExactAndNormalizesForDefault() =>
        Assert.Equal(new StringValue("muller, a", "Müller, A"), Parse("Patient", "name", @"Müller\, A"));

    [Theory]
    [InlineData("Patient/1", null, "Patient", "1", null)]
    [InlineData("1", null, null, "1", null)]
    [InlineData("1", "Patient", "Patient", "1", null)]
    [InlineData("http://other.org/fhir/Patient/1", null, null, null, "http://other.org/fhir/Patient/1")]
    [InlineData("http://herald.test/fhir/Patient/1", null, "Patient", "1", null)]
    public void Reference_Forms_Parse(string raw, string? typeModifier, string? type, string? id, string? url) =>
        Assert.Equal(new ReferenceValue(type, id, url), Parse("Observation", "subject", raw, typeModifier: typeModifier, baseUrl: "http://herald.test/fhir"));

    [Fact]
    public void Reference_TypeModifierContradictingTheValue_IsBadRequest() =>
        Assert.Throws<FhirException>(() => Parse("Observation", "subject", "Group/1", typeModifier: "Patient"));

    [Fact]
    public void Composite_SplitsOnDollar()
    {
        var value = Assert.IsType<CompositeValue>(Parse("Observation", "code-value-quantity", "http://loinc.org|8480-6$gt120"));
        Assert.Equal(new TokenValue("http://loinc.org", "8480-6", true), value.First);
        Assert.Equal(SearchPrefix.Gt, Assert.IsType<QuantityValue>(value.Second).Number.Prefix);
        Assert.Throws<FhirException>(() => Parse("Observation", "code-value-quantity", "8480-6"));
    }

    [Fact]
    public void AnyType_EmptyValue_IsBadRequest() =>
        Assert.Throws<FhirException>(() => Parse("Patient", "name", ""));

    private sealed class QuantityComparer : IEqualityComparer<SearchValue>
    {
        public bool Equals(SearchValue? x, SearchValue? y) =>
            x is QuantityValue a && y is QuantityValue b && a.System == b.System && a.Code == b.Code && a.Number.Prefix == b.Number.Prefix
            && Math.Abs(a.Number.Value - b.Number.Value) < 1e-9 && Math.Abs(a.Number.Low - b.Number.Low) < 1e-9 && Math.Abs(a.Number.High - b.Number.High) < 1e-9;

        public int GetHashCode(SearchValue obj) => 0;
    }
}
