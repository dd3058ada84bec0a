using System.Net;
using Herald.Core.Errors;
using Herald.Core.Search;
using Herald.Core.Storage;

namespace Herald.UnitTests;

public sealed class ConditionalQueryParserTests
{
    [Fact]
    public void Parse_SystemAndCode_GivesOneTokenCondition()
    {
        var condition = Assert.Single(ConditionalQueryParser.Parse("Patient", "identifier=urn:a|1"));
        Assert.Equal("identifier", condition.Parameter);
        Assert.Equal(new TokenValue("urn:a", "1", true), Assert.Single(condition.Values));
    }

    [Theory]
    [InlineData("identifier=1", null, "1", false)]
    [InlineData("identifier=%7C1", null, "1", true)]
    [InlineData("identifier=urn:a%7C", "urn:a", null, true)]
    [InlineData("identifier=urn:a%7Cx%5C%7Cy", "urn:a", "x|y", true)]
    public void Parse_TokenForms_AreDistinguished(string query, string? system, string? code, bool systemGiven) =>
        Assert.Equal(new TokenValue(system, code, systemGiven), Assert.Single(Assert.Single(ConditionalQueryParser.Parse("Patient", query)).Values));

    [Fact]
    public void Parse_WithTypePrefixAndQuestionMark_IsAccepted() =>
        Assert.Single(ConditionalQueryParser.Parse("Patient", "Patient?_id=abc"));

    [Fact]
    public void Parse_CommaValuesAndRepeatedParameters_AreOrAndAnd()
    {
        var conditions = ConditionalQueryParser.Parse("Patient", "identifier=a,b&identifier=c");
        Assert.Equal(2, conditions.Count);
        Assert.Equal(2, conditions[0].Values.Count);
    }

    [Theory]
    [InlineData("name=smith")]
    [InlineData("")]
    [InlineData("identifier=")]
    [InlineData("identifier=a|b|c")]
    [InlineData("_id=sys|x")]
    public void Parse_UnsupportedOrMalformed_IsBadRequestNamingTheProblem(string query)
    {
        var error = Assert.Throws<FhirException>(() => ConditionalQueryParser.Parse("Patient", query));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }
}
