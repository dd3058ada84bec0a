using System.Net;
using Herald.Api.Formatting;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Microsoft.AspNetCore.Http;

namespace Herald.UnitTests;

public sealed class FhirRequestTests
{
    private static DefaultHttpContext Request(string? accept = null, string? query = null, string? ifMatch = null, string? prefer = null)
    {
        var http = new DefaultHttpContext();
        if (accept is not null)
        {
            http.Request.Headers.Accept = accept;
        }

        if (query is not null)
        {
            http.Request.QueryString = new QueryString(query);
        }

        if (ifMatch is not null)
        {
            http.Request.Headers.IfMatch = ifMatch;
        }

        if (prefer is not null)
        {
            http.Request.Headers["Prefer"] = prefer;
        }

        return http;
    }

    [Theory]
    [InlineData(null, null, FhirFormat.Json)]
    [InlineData("application/fhir+xml", null, FhirFormat.Xml)]
    [InlineData("text/html, application/xml;q=0.9, */*;q=0.8", null, FhirFormat.Xml)]
    [InlineData("text/html, */*;q=0.8", null, FhirFormat.Json)]
    [InlineData("application/fhir+xml", "?_format=json", FhirFormat.Json)]
    [InlineData(null, "?_format=application/fhir%2Bxml", FhirFormat.Xml)]
    public void ResponseFormat_FollowsFormatThenAccept(string? accept, string? query, FhirFormat expected) =>
        Assert.Equal(expected, FhirRequest.ResponseFormat(Request(accept, query)));

    [Fact]
    public void ResponseFormat_NothingAcceptable_Is406() =>
        Assert.Equal(HttpStatusCode.NotAcceptable, Assert.Throws<FhirException>(() => FhirRequest.ResponseFormat(Request("text/html"))).Status);

    [Theory]
    [InlineData("W/\"3\"", 3L)]
    [InlineData("\"12\"", 12L)]
    public void IfMatch_VersionEtags_AreRead(string header, long expected) =>
        Assert.Equal(expected, FhirRequest.IfMatchVersion(Request(ifMatch: header)));

    [Theory]
    [InlineData("W/\"abc\"")]
    [InlineData("W/\"0\"")]
    [InlineData("*")]
    public void IfMatch_Malformed_Is400(string header) =>
        Assert.Equal(HttpStatusCode.BadRequest, Assert.Throws<FhirException>(() => FhirRequest.IfMatchVersion(Request(ifMatch: header))).Status);

    [Fact]
    public void IfMatch_Absent_IsNull() => Assert.Null(FhirRequest.IfMatchVersion(Request()));

    [Theory]
    [InlineData(null, ReturnPreference.Representation)]
    [InlineData("return=minimal", ReturnPreference.Minimal)]
    [InlineData("handling=strict, return=OperationOutcome", ReturnPreference.OperationOutcome)]
    [InlineData("return=representation", ReturnPreference.Representation)]
    public void ReturnPreference_IsReadFromPrefer(string? prefer, ReturnPreference expected) =>
        Assert.Equal(expected, FhirRequest.ReturnPreference(Request(prefer: prefer)));
}
