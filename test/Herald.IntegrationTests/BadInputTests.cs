using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

/// <summary>Every malformed request gets its 4xx OperationOutcome and leaves the store untouched.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly HeraldFactory _factory = new(new Dictionary<string, string?> { ["Herald:MaxRequestBodyBytes"] = "1000" });
    private readonly HttpClient _client;

    public BadInputTests() => _client = _factory.CreateClient();

    public static TheoryData<string, string> BadJsonBodies => new()
    {
        { "malformed JSON", """{"resourceType":"Patient","name":[{"family":"Doe"}""" },
        { "not JSON at all", "hello" },
        { "JSON array", """[{"resourceType":"Patient"}]""" },
        { "empty array", "[]" },
        { "JSON string", "\"Patient\"" },
        { "JSON number", "42" },
        { "JSON null", "null" },
        { "unknown element", """{"resourceType":"Patient","favouriteColour":"blue"}""" },
        { "unknown resource type in body", """{"resourceType":"Spaceship"}""" },
        { "missing resourceType", """{"name":[{"family":"Doe"}]}""" },
        { "wrong element type", """{"resourceType":"Patient","active":"yes"}""" },
        { "invalid code", """{"resourceType":"Patient","gender":"robot"}""" },
        { "trailing garbage", """{"resourceType":"Patient"}garbage""" },
        { "two objects", """{"resourceType":"Patient"}{"resourceType":"Patient"}""" },
        { "empty body", "" },
        { "whitespace body", "   \n " },
        { "empty object", "{}" },
    };

    public static TheoryData<string, string> BadXmlBodies => new()
    {
        { "malformed XML", """<Patient xmlns="http://hl7.org/fhir"><name><family value="Doe"/></name>""" },
        { "not XML", "<<<" },
        { "no FHIR namespace", """<Patient><name><family value="Doe"/></name></Patient>""" },
        { "unknown element", """<Patient xmlns="http://hl7.org/fhir"><favouriteColour value="blue"/></Patient>""" },
        { "unknown root", """<Spaceship xmlns="http://hl7.org/fhir"/>""" },
        { "trailing garbage", """<Patient xmlns="http://hl7.org/fhir"/>garbage""" },
        { "doctype", """<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "y">]><Patient xmlns="http://hl7.org/fhir"/>""" },
    };

    [Theory]
    [MemberData(nameof(BadJsonBodies))]
    public async Task Create_BadJsonBody_Returns400AndStoresNothing(string because, string body)
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {response.StatusCode} {await response.BodyAsync()}");
        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Theory]
    [MemberData(nameof(BadJsonBodies))]
    public async Task Update_BadJsonBody_Returns400AndChangesNothing(string because, string body)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", body);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {response.StatusCode} {await response.BodyAsync()}");
        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(1, await _client.SystemHistoryCountAsync());
    }

    [Theory]
    [MemberData(nameof(BadXmlBodies))]
    public async Task Create_BadXmlBody_Returns400AndStoresNothing(string because, string body)
    {
        using var response = await _client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", body, FhirTestClient.FhirXml);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{because}: {response.StatusCode} {await response.BodyAsync()}");
        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Create_BadXmlWithXmlAccept_AnswersOutcomeInXml()
    {
        using var response = await _client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", "<<<", FhirTestClient.FhirXml, ("Accept", FhirTestClient.FhirXml));

        Assert.Equal(FhirTestClient.FhirXml, response.Content.Headers.ContentType!.MediaType);
        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Create_InvalidUtf8_Returns400AndStoresNothing()
    {
        using var content = new ByteArrayContent([0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x7D]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(FhirTestClient.FhirJson);

        using var response = await _client.PostAsync(new Uri("/fhir/Patient", UriKind.Relative), content, TestContext.Current.CancellationToken);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Create_BodyOverConfiguredLimit_Returns413AndStoresNothing()
    {
        var body = FhirTestClient.PatientJson(family: new string('x', 2000));

        using var response = await _client.PostFhirAsync("/fhir/Patient", body);

        await response.AssertOutcomeAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Create_ChunkedBodyOverConfiguredLimit_Returns413AndStoresNothing()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(FhirTestClient.PatientJson(family: new string('x', 2000)));
        using var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(FhirTestClient.FhirJson);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fhir/Patient", UriKind.Relative)) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        await response.AssertOutcomeAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Theory]
    [InlineData(1000, HttpStatusCode.Created)]
    [InlineData(1001, HttpStatusCode.RequestEntityTooLarge)]
    public async Task Create_BodyAtTheLimitBoundary_IsAcceptedUpToTheLimit(int size, HttpStatusCode expected)
    {
        var shell = FhirTestClient.PatientJson(family: "");
        var body = FhirTestClient.PatientJson(family: new string('x', size - System.Text.Encoding.UTF8.GetByteCount(shell)));
        Assert.Equal(size, System.Text.Encoding.UTF8.GetByteCount(body));

        using var response = await _client.PostFhirAsync("/fhir/Patient", body);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Create_BodyUnderConfiguredLimit_Succeeds()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Create_UnknownTypeInUrl_Returns404AndStoresNothing()
    {
        using var response = await _client.PostFhirAsync("/fhir/Spaceship", """{"resourceType":"Spaceship"}""");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Theory]
    [InlineData("bad_id")]
    [InlineData("x%20y")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task Update_InvalidIdInUrl_Returns400AndStoresNothing(string id)
    {
        var body = $$"""{"resourceType":"Patient","id":"{{Uri.UnescapeDataString(id)}}"}""";

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{id}", body);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Theory]
    [InlineData(FhirTestClient.FhirJson, "<Patient xmlns=\"http://hl7.org/fhir\"/>")]
    [InlineData(FhirTestClient.FhirXml, "{\"resourceType\":\"Patient\"}")]
    public async Task Create_BodyNotInDeclaredFormat_Returns400AndStoresNothing(string contentType, string body)
    {
        using var response = await _client.SendFhirAsync(HttpMethod.Post, "/fhir/Patient", body, contentType);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Theory]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(300)]
    public async Task Create_DeeplyNestedJson_Returns400(int depth)
    {
        var body = "{\"resourceType\":\"Patient\",\"x\":" + new string('[', depth) + new string(']', depth) + "}";

        using var response = await _client.PostFhirAsync("/fhir/Patient", body);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Update_UnknownTypeInUrl_Returns404AndStoresNothing()
    {
        using var response = await _client.PutFhirAsync("/fhir/Spaceship/s1", """{"resourceType":"Spaceship","id":"s1"}""");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task ConditionalCreate_WithInvalidBody_Returns400()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", "{", ("If-None-Exist", "identifier=s|v"));

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("<div>no xhtml namespace</div>")]
    [InlineData("<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">unclosed")]
    [InlineData("plain text")]
    [InlineData("<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\"><script>alert(1)</script></div>")]
    public async Task Create_InvalidNarrative_Returns400AndStoresNothing(string div)
    {
        var body = "{\"resourceType\":\"Patient\",\"text\":{\"status\":\"generated\",\"div\":\"" + div + "\"}}";

        using var response = await _client.PostFhirAsync("/fhir/Patient", body);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Create_WithoutContentType_SniffsJson()
    {
        using var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(FhirTestClient.PatientJson()));

        using var response = await _client.PostAsync(new Uri("/fhir/Patient", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.IsType<Patient>(await response.ReadResourceAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
