using System.Net;
using Hl7.Fhir.Model;
using Herald.Core.Errors;
using Herald.Core.Fhir;

namespace Herald.UnitTests;

public sealed class FhirSerializerTests
{
    private readonly FhirSerializer _serializer = FhirSerializer.Instance;

    [Fact]
    public void Parse_ValidJson_GivesTheResource()
    {
        var patient = Assert.IsType<Patient>(_serializer.Parse("""{"resourceType":"Patient","id":"a","active":true}""", FhirFormat.Json));
        Assert.True(patient.Active);
    }

    [Fact]
    public void Parse_ValidXml_GivesTheResource()
    {
        var patient = Assert.IsType<Patient>(_serializer.Parse("""<Patient xmlns="http://hl7.org/fhir"><active value="true"/></Patient>""", FhirFormat.Xml));
        Assert.True(patient.Active);
    }

    [Theory]
    [InlineData("{bad", "not valid JSON")]
    [InlineData("[1]", "not")]
    [InlineData("""{"resourceType":"Patient","foo":1}""", "foo")]
    [InlineData("""{"resourceType":"Patient","birthDate":"yesterday"}""", "birthDate")]
    [InlineData("""{"resourceType":"Nope"}""", "Nope")]
    [InlineData("""{"resourceType":"Patient"} trailing""", "JSON")]
    [InlineData("   ", "empty")]
    public void Parse_BadJson_IsBadRequestSayingWhat(string body, string mentioned)
    {
        var error = Assert.Throws<FhirException>(() => _serializer.Parse(body, FhirFormat.Json));
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<Patient")]
    [InlineData("""<Patient xmlns="http://hl7.org/fhir"><foo/></Patient>""")]
    [InlineData("""<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><Patient xmlns="http://hl7.org/fhir">&e;</Patient>""")]
    public void Parse_BadXml_IsBadRequest(string body) =>
        Assert.Equal(HttpStatusCode.BadRequest, Assert.Throws<FhirException>(() => _serializer.Parse(body, FhirFormat.Xml)).Status);

    [Fact]
    public void Parse_DeeplyNestedJson_IsBadRequestNotACrash()
    {
        var deep = new string('[', 5000) + new string(']', 5000);
        var body = "{\"resourceType\":\"Patient\",\"x\":" + deep + "}";
        Assert.Equal(HttpStatusCode.BadRequest, Assert.Throws<FhirException>(() => _serializer.Parse(body, FhirFormat.Json)).Status);
    }

    [Fact]
    public void Serialize_RoundTripsThroughBothFormats()
    {
        var patient = new Patient { Id = "x", Name = [new HumanName { Family = "Doe" }] };
        foreach (var format in new[] { FhirFormat.Json, FhirFormat.Xml })
        {
            var back = Assert.IsType<Patient>(_serializer.Parse(_serializer.Serialize(patient, format), format));
            Assert.Equal("Doe", back.Name[0].Family);
        }
    }
}
