using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class ReadTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public ReadTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Read_ExistingPatient_Returns200WithETagAndLastModified()
    {
        var created = await _client.CreatePatientAsync();
        await _client.UpdatePatientAsync(created.Id, "Second");

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"2\"", FhirTestClient.ETagOf(response));
        Assert.NotNull(response.Content.Headers.LastModified);
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal("2", patient.Meta!.VersionId);
        Assert.Equal("Second", patient.Name[0].Family);
    }

    [Fact]
    public async Task Vread_EarlierVersion_ReturnsThatVersion()
    {
        var created = await _client.CreatePatientAsync(family: "First");
        await _client.UpdatePatientAsync(created.Id, "Second");

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}/_history/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"1\"", FhirTestClient.ETagOf(response));
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal("1", patient.Meta!.VersionId);
        Assert.Equal("First", patient.Name[0].Family);
    }

    [Fact]
    public async Task Read_UnknownId_Returns404OperationOutcome()
    {
        using var response = await _client.GetFhirAsync("/fhir/Patient/does-not-exist");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("0")]
    [InlineData("abc")]
    public async Task Vread_UnknownVersion_Returns404OperationOutcome(string version)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}/_history/{version}");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Vread_OfUnknownResource_Returns404()
    {
        using var response = await _client.GetFhirAsync("/fhir/Patient/nobody/_history/1");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Vread_OfDeletionVersion_Returns410ButEarlierVersionStillReadable()
    {
        var created = await _client.CreatePatientAsync();
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        using var deletion = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}/_history/2");
        using var before = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}/_history/1");

        await deletion.AssertOutcomeAsync(HttpStatusCode.Gone);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
    }

    [Fact]
    public async Task Read_UnknownResourceType_Returns404()
    {
        using var response = await _client.GetFhirAsync("/fhir/NotAType/123");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("bad_id")]
    [InlineData("a%24b")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789")]
    public async Task Read_InvalidId_Returns400(string id)
    {
        using var response = await _client.GetFhirAsync($"/fhir/Patient/{id}");

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
