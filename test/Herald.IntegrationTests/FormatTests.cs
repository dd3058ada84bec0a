using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class FormatTests : IDisposable
{
    private const string PatientXml = """<Patient xmlns="http://hl7.org/fhir"><name><family value="Xml"/></name></Patient>""";

    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public FormatTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Read_AcceptFhirXml_ReturnsXml()
    {
        var created = await _client.CreatePatientAsync(family: "AsXml");

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}", ("Accept", FhirTestClient.FhirXml));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirTestClient.FhirXml, response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("<Patient", await response.BodyAsync(), StringComparison.Ordinal);
        Assert.Equal("AsXml", (await response.ReadAsync<Patient>()).Name[0].Family);
    }

    [Fact]
    public async Task Read_FormatXmlParameter_ReturnsXmlEvenWhenAcceptSaysJson()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}?_format=xml", ("Accept", FhirTestClient.FhirJson));

        Assert.Equal(FhirTestClient.FhirXml, response.Content.Headers.ContentType!.MediaType);
        Assert.IsType<Patient>(await response.ReadResourceAsync());
    }

    [Fact]
    public async Task Read_FormatJsonParameter_ReturnsJsonEvenWhenAcceptSaysXml()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}?_format=json", ("Accept", FhirTestClient.FhirXml));

        Assert.Equal(FhirTestClient.FhirJson, response.Content.Headers.ContentType!.MediaType);
        using var json = JsonDocument.Parse(await response.BodyAsync());
        Assert.Equal("Patient", json.RootElement.GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Read_AcceptWithWildcard_ReturnsJson()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}", ("Accept", "text/html, */*;q=0.8"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FhirTestClient.FhirJson, response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("application/fhir+xml;q=0.5, application/fhir+json", FhirTestClient.FhirJson)]
    [InlineData("application/fhir+json;q=0.1, application/fhir+xml;q=0.9", FhirTestClient.FhirXml)]
    [InlineData("text/html, application/xml", FhirTestClient.FhirXml)]
    [InlineData("application/json", FhirTestClient.FhirJson)]
    public async Task Read_AcceptWithQualities_PicksTheBestSupportedFormat(string accept, string expected)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}", ("Accept", accept));

        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
        Assert.IsType<Patient>(await response.ReadResourceAsync());
    }

    [Fact]
    public async Task Error_WithXmlAccept_IsAnXmlOperationOutcome()
    {
        using var response = await _client.GetFhirAsync("/fhir/Patient/missing", ("Accept", FhirTestClient.FhirXml));

        Assert.Equal(FhirTestClient.FhirXml, response.Content.Headers.ContentType!.MediaType);
        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("application/fhir%2Bxml", FhirTestClient.FhirXml)]
    [InlineData("application/fhir+xml", FhirTestClient.FhirXml)]
    [InlineData("application/fhir+json", FhirTestClient.FhirJson)]
    [InlineData("text/xml", FhirTestClient.FhirXml)]
    public async Task Read_FormatParameterAsMediaType_IsHonoured(string format, string expected)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}?_format={format}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Create_XmlBody_IsStoredAndReadableAsJson()
    {
        using var response = await _client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", PatientXml, FhirTestClient.FhirXml);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(FhirTestClient.FhirJson, response.Content.Headers.ContentType!.MediaType);
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal("Xml", patient.Name[0].Family);
    }

    [Fact]
    public async Task Create_XmlBodyWithXmlAccept_AnswersInXml()
    {
        using var response = await _client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", PatientXml, FhirTestClient.FhirXml, ("Accept", FhirTestClient.FhirXml));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(FhirTestClient.FhirXml, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("1", (await response.ReadAsync<Patient>()).Meta!.VersionId);
    }

    [Fact]
    public async Task Read_ResourceWithNarrative_RoundTripsThroughXml()
    {
        var body = """{"resourceType":"Patient","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hello</p></div>"}}""";
        using var created = await _client.PostFhirAsync("/fhir/Patient", body);
        var id = (await created.ReadAsync<Patient>()).Id;

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{id}?_format=xml");

        var patient = await response.ReadAsync<Patient>();
        Assert.Contains("<p>Hello</p>", patient.Text!.Div, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_PrettyTrue_IsIndented()
    {
        var created = await _client.CreatePatientAsync();

        using var pretty = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}?_pretty=true");
        using var compact = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");

        var prettyBody = await pretty.BodyAsync();
        Assert.Contains("\n  \"", prettyBody, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', await compact.BodyAsync());
        Assert.Equal(created.Id, (await pretty.ReadAsync<Patient>()).Id);
    }

    [Fact]
    public async Task Metadata_PrettyXml_IsIndented()
    {
        using var response = await _client.GetFhirAsync("/fhir/metadata?_format=xml&_pretty=true");

        Assert.Equal(FhirTestClient.FhirXml, response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("\n", await response.BodyAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("image/png, text/plain")]
    public async Task Read_UnsupportedAccept_Returns406OperationOutcome(string accept)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}", ("Accept", accept));

        await response.AssertOutcomeAsync(HttpStatusCode.NotAcceptable);
    }

    [Theory]
    [InlineData("/fhir/metadata")]
    [InlineData("/fhir/_history")]
    [InlineData("/fhir/Patient/_history")]
    public async Task NonResourceRead_UnsupportedAccept_Returns406(string path)
    {
        using var response = await _client.GetFhirAsync(path, ("Accept", "text/html"));

        await response.AssertOutcomeAsync(HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task Update_UnsupportedAccept_Returns406AndChangesNothing()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "X"), ("Accept", "text/html"));

        await response.AssertOutcomeAsync(HttpStatusCode.NotAcceptable);
        Assert.Equal(1, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Read_UnsupportedFormatParameter_Returns406()
    {
        using var response = await _client.GetFhirAsync("/fhir/metadata?_format=turtle");

        await response.AssertOutcomeAsync(HttpStatusCode.NotAcceptable);
    }

    [Fact]
    public async Task Create_UnsupportedAccept_Returns406AndStoresNothing()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("Accept", "text/html"));

        await response.AssertOutcomeAsync(HttpStatusCode.NotAcceptable);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Create_TextPlainContentType_Returns415AndStoresNothing()
    {
        using var response = await _client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", FhirTestClient.PatientJson(), "text/plain");

        await response.AssertOutcomeAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Create_JsonWithCharsetParameter_IsAccepted()
    {
        using var response = await _client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", FhirTestClient.PatientJson(), "application/fhir+json; charset=utf-8");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Update_XmlBody_Works()
    {
        var xml = """<Patient xmlns="http://hl7.org/fhir"><id value="x1"/><name><family value="XmlPut"/></name></Patient>""";

        using var response = await _client.SendFhirAsync(HttpMethod.Put, "/fhir/Patient/x1", xml, FhirTestClient.FhirXml);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("XmlPut", (await response.ReadAsync<Patient>()).Name[0].Family);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
