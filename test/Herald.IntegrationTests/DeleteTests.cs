using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class DeleteTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public DeleteTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Delete_ExistingPatient_Returns204WithEmptyBodyAndDeletionETag()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("", await response.BodyAsync());
        Assert.Equal("W/\"2\"", FhirTestClient.ETagOf(response));
    }

    [Fact]
    public async Task Read_AfterDelete_Returns410()
    {
        var created = await _client.CreatePatientAsync();
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");

        await response.AssertOutcomeAsync(HttpStatusCode.Gone);
    }

    [Fact]
    public async Task History_AfterDelete_KeepsDeleteEntryFirst()
    {
        var created = await _client.CreatePatientAsync();
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");

        var history = await _client.ReadAllHistoryAsync($"/fhir/Patient/{created.Id}/_history");

        Assert.Equal(2, history.Count);
        Assert.Equal(Bundle.HTTPVerb.DELETE, history[0].Request!.Method);
        Assert.Null(history[0].Resource);
        Assert.Equal("W/\"2\"", history[0].Response!.Etag);
        Assert.Equal(Bundle.HTTPVerb.POST, history[1].Request!.Method);
        Assert.NotNull(history[1].Resource);
    }

    [Fact]
    public async Task Delete_AlreadyDeleted_Returns204WithoutNewVersion()
    {
        var created = await _client.CreatePatientAsync();
        using var first = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");

        using var second = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");

        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        var history = await _client.ReadAllHistoryAsync($"/fhir/Patient/{created.Id}/_history");
        Assert.Equal(2, history.Count);
    }

    [Fact]
    public async Task Delete_UnknownPatient_Returns404AndStoresNothing()
    {
        using var response = await _client.DeleteFhirAsync("/fhir/Patient/never-was");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Delete_UnknownType_Returns404()
    {
        using var response = await _client.DeleteFhirAsync("/fhir/NotAType/x");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_AfterDelete_RecreatesWith201AtNextVersion()
    {
        var created = await _client.CreatePatientAsync();
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "Reborn"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("W/\"3\"", FhirTestClient.ETagOf(response));
        using var read = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Reborn", (await read.ReadAsync<Patient>()).Name[0].Family);
    }

    [Fact]
    public async Task Delete_WithStaleIfMatch_Returns412AndKeepsResource()
    {
        var created = await _client.CreatePatientAsync();
        await _client.UpdatePatientAsync(created.Id, "Second");

        using var response = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}", ("If-Match", "W/\"1\""));

        await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        using var read = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Delete_WithMalformedIfMatch_Returns400AndKeepsResource()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}", ("If-Match", "nonsense"));

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        using var read = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task Delete_WithCurrentIfMatch_Deletes()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}", ("If-Match", "W/\"1\""));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Fact]
    public async Task Delete_WithPreferOperationOutcome_Returns200WithInformation()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}", ("Prefer", "return=OperationOutcome"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await response.ReadAsync<OperationOutcome>();
        Assert.Equal(OperationOutcome.IssueSeverity.Information, outcome.Issue[0].Severity);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
