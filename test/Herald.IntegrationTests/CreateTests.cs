using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class CreateTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public CreateTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Create_Patient_Returns201WithServerAssignedIdIgnoringClientId()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(id: "client-chosen"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var patient = await response.ReadAsync<Patient>();
        Assert.False(string.IsNullOrEmpty(patient.Id));
        Assert.NotEqual("client-chosen", patient.Id);
        Assert.Equal("Doe", patient.Name[0].Family);
        using var clientIdRead = await _client.GetFhirAsync("/fhir/Patient/client-chosen");
        Assert.Equal(HttpStatusCode.NotFound, clientIdRead.StatusCode);
    }

    [Fact]
    public async Task Create_Patient_SetsAbsoluteVersionLocationETagAndLastModified()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson());

        var patient = await response.ReadAsync<Patient>();
        Assert.Equal(new Uri($"http://localhost/fhir/Patient/{patient.Id}/_history/1"), response.Headers.Location);
        Assert.True(response.Headers.Location!.IsAbsoluteUri);
        Assert.Equal("W/\"1\"", FhirTestClient.ETagOf(response));
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.StartsWith(FhirTestClient.FhirJson, response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_Patient_SetsMetaVersionIdAndLastUpdated()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson());

        var patient = await response.ReadAsync<Patient>();
        Assert.Equal("1", patient.Meta!.VersionId);
        Assert.NotNull(patient.Meta!.LastUpdated);
        var lastModified = response.Content.Headers.LastModified!.Value;
        // Last-Modified has second precision; it is lastUpdated truncated.
        Assert.Equal(patient.Meta!.LastUpdated!.Value.ToUnixTimeSeconds(), lastModified.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task Create_ThenRead_ReturnsTheSameVersion()
    {
        var created = await _client.CreatePatientAsync(family: "Roundtrip");

        using var read = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var patient = await read.ReadAsync<Patient>();
        Assert.Equal(created.Id, patient.Id);
        Assert.Equal("Roundtrip", patient.Name[0].Family);
        Assert.Equal(created.Meta!.LastUpdated, patient.Meta!.LastUpdated);
    }

    [Fact]
    public async Task Create_TwoPatients_GetDistinctIds()
    {
        var first = await _client.CreatePatientAsync();
        var second = await _client.CreatePatientAsync();

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Create_BodyTypeMismatchingUrl_Returns400AndStoresNothing()
    {
        var observation = """{"resourceType":"Observation","status":"final","code":{"text":"x"}}""";

        using var response = await _client.PostFhirAsync("/fhir/Patient", observation);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Create_UnknownTypeInUrl_Returns404()
    {
        using var response = await _client.PostFhirAsync("/fhir/NotAType", FhirTestClient.PatientJson());

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
