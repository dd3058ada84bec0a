using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class UpdateTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public UpdateTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Update_ExistingPatient_IncrementsVersionAndChangesETag()
    {
        var created = await _client.CreatePatientAsync(family: "Before");

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "After"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"2\"", FhirTestClient.ETagOf(response));
        Assert.Equal(new Uri($"http://localhost/fhir/Patient/{created.Id}/_history/2"), response.Headers.Location);
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal("2", patient.Meta!.VersionId);
        Assert.Equal("After", patient.Name[0].Family);
        Assert.True(patient.Meta.LastUpdated > created.Meta!.LastUpdated);
    }

    [Fact]
    public async Task Update_NewClientChosenId_CreatesWith201AtVersion1()
    {
        using var response = await _client.PutFhirAsync("/fhir/Patient/chosen-1", FhirTestClient.PatientJson("chosen-1", "New"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"1\"", FhirTestClient.ETagOf(response));
        Assert.Equal(new Uri("http://localhost/fhir/Patient/chosen-1/_history/1"), response.Headers.Location);
        using var read = await _client.GetFhirAsync("/fhir/Patient/chosen-1");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Update_BodyWithoutId_Returns400AndStoresNothing()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(null, "NoId"));

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        await AssertStillVersion1Async(created.Id);
    }

    [Fact]
    public async Task Update_BodyIdMismatchingUrl_Returns400AndStoresNothing()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson("other-id", "Mismatch"));

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        await AssertStillVersion1Async(created.Id);
        using var other = await _client.GetFhirAsync("/fhir/Patient/other-id");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Fact]
    public async Task Update_BodyTypeMismatchingUrl_Returns400AndStoresNothing()
    {
        var created = await _client.CreatePatientAsync();
        var observation = $$$"""{"resourceType":"Observation","id":"{{{created.Id}}}","status":"final","code":{"text":"x"}}""";

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", observation);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        await AssertStillVersion1Async(created.Id);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"1\"")]
    public async Task Update_WithCurrentIfMatch_Returns200(string ifMatch)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "Matched"), ("If-Match", ifMatch));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"2\"", FhirTestClient.ETagOf(response));
    }

    [Fact]
    public async Task Update_WithStaleIfMatch_Returns412AndChangesNothing()
    {
        var created = await _client.CreatePatientAsync();
        await _client.UpdatePatientAsync(created.Id, "Second");

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "Stale"), ("If-Match", "W/\"1\""));

        await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        using var read = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");
        var patient = await read.ReadAsync<Patient>();
        Assert.Equal("2", patient.Meta!.VersionId);
        Assert.Equal("Second", patient.Name[0].Family);
    }

    [Fact]
    public async Task Update_WithIfMatchOnAbsentResource_Returns412AndCreatesNothing()
    {
        using var response = await _client.PutFhirAsync("/fhir/Patient/absent", FhirTestClient.PatientJson("absent"), ("If-Match", "W/\"1\""));

        await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Theory]
    [InlineData("banana")]
    [InlineData("W/\"abc\"")]
    [InlineData("W/\"0\"")]
    [InlineData("W/\"-1\"")]
    public async Task Update_WithMalformedIfMatch_Returns400AndChangesNothing(string ifMatch)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "Bad"), ("If-Match", ifMatch));

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        await AssertStillVersion1Async(created.Id);
    }

    [Fact]
    public async Task Update_InvalidIdInUrl_Returns400AndStoresNothing()
    {
        using var response = await _client.PutFhirAsync("/fhir/Patient/bad_id", FhirTestClient.PatientJson("bad_id"));

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Update_ClientMetaInBody_IsReplacedByServerMeta()
    {
        var created = await _client.CreatePatientAsync();
        var body = $$$"""{"resourceType":"Patient","id":"{{{created.Id}}}","meta":{"versionId":"99","lastUpdated":"2001-01-01T00:00:00Z"}}""";

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", body);

        var patient = await response.ReadAsync<Patient>();
        Assert.Equal("2", patient.Meta!.VersionId);
        Assert.True(patient.Meta.LastUpdated > created.Meta!.LastUpdated);
    }

    private async Task AssertStillVersion1Async(string? id)
    {
        var history = await _client.ReadAllHistoryAsync($"/fhir/Patient/{id}/_history");
        Assert.Single(history);
        using var read = await _client.GetFhirAsync($"/fhir/Patient/{id}");
        Assert.Equal("W/\"1\"", FhirTestClient.ETagOf(read));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
