using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class ConditionalUpdateDeleteTests : IDisposable
{
    private const string Mrn = "http://example.org/mrn";
    private HeraldFactory _factory = new();
    private HttpClient _client;

    public ConditionalUpdateDeleteTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task ConditionalUpdate_NoMatch_Creates()
    {
        using var response = await _client.PutFhirAsync($"/fhir/Patient?identifier={Mrn}|1", FhirTestClient.PatientJson(null, "New", Mrn, "1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task ConditionalUpdate_OneMatch_UpdatesIt()
    {
        var existing = await _client.CreatePatientAsync(identifierSystem: Mrn, identifierValue: "1");

        using var response = await _client.PutFhirAsync($"/fhir/Patient?identifier={Mrn}|1", FhirTestClient.PatientJson(null, "Changed", Mrn, "1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal((existing.Id, "2", "Changed"), (patient.Id, patient.Meta!.VersionId, patient.Name[0].Family));
    }

    [Fact]
    public async Task ConditionalUpdate_TwoMatches_Is412AndChangesNothing()
    {
        await _client.CreatePatientAsync(identifierSystem: Mrn, identifierValue: "1");
        await _client.CreatePatientAsync(identifierSystem: Mrn, identifierValue: "1");

        using var response = await _client.PutFhirAsync($"/fhir/Patient?identifier={Mrn}|1", FhirTestClient.PatientJson(null, "X", Mrn, "1"));

        await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task ConditionalUpdate_StaleIfMatch_Is412()
    {
        await _client.CreatePatientAsync(identifierSystem: Mrn, identifierValue: "1");

        using var response = await _client.PutFhirAsync($"/fhir/Patient?identifier={Mrn}|1", FhirTestClient.PatientJson(null, "X", Mrn, "1"), ("If-Match", "W/\"3\""));

        await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task ConditionalUpdate_UnknownParameter_Is400()
    {
        using var response = await _client.PutFhirAsync("/fhir/Patient?nonsense=1", FhirTestClient.PatientJson());

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ConditionalDelete_OneMatch_DeletesIt_NoMatch_Is204()
    {
        var existing = await _client.CreatePatientAsync(identifierSystem: Mrn, identifierValue: "1");

        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient?identifier={Mrn}|1");
        using var again = await _client.DeleteFhirAsync($"/fhir/Patient?identifier={Mrn}|1");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var read = await _client.GetFhirAsync($"/fhir/Patient/{existing.Id}");
        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
    }

    [Fact]
    public async Task ConditionalDelete_SeveralMatches_Is412ByDefault()
    {
        await _client.CreatePatientAsync(family: "Same");
        await _client.CreatePatientAsync(family: "Same");

        using var response = await _client.DeleteFhirAsync("/fhir/Patient?family=Same");

        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("ConditionalDeleteMultiple", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Equal(2, FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count);
    }

    [Fact]
    public async Task ConditionalDelete_SeveralMatches_WhenEnabled_DeletesAllInOneCommit()
    {
        _client.Dispose();
        _factory.Dispose();
        _factory = new HeraldFactory(new Dictionary<string, string?> { ["Herald:ConditionalDeleteMultiple"] = "true" });
        _client = _factory.CreateClient();
        await _client.CreatePatientAsync(family: "Same");
        await _client.CreatePatientAsync(family: "Same");
        await _client.CreatePatientAsync(family: "Other");

        using var response = await _client.DeleteFhirAsync("/fhir/Patient?family=Same");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var deletes = FhirTestClient.ReadChangeLog(_factory.DatabasePath).Where(r => r.Interaction == 3).ToList();
        Assert.Equal(2, deletes.Count);
        using var metadata = await _client.GetFhirAsync("/fhir/metadata");
        var patient = (await metadata.ReadAsync<CapabilityStatement>()).Rest[0].Resource.Single(r => r.Type == "Patient");
        Assert.Equal(CapabilityStatement.ConditionalDeleteStatus.Multiple, patient.ConditionalDelete);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
