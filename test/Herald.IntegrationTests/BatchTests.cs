using System.Net;
using Hl7.Fhir.Model;
using static Herald.IntegrationTests.BundleJson;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class BatchTests : IDisposable
{
    private readonly HeraldFactory _factory = new(new Dictionary<string, string?> { ["Herald:MaxBundleEntries"] = "3" });
    private readonly HttpClient _client;

    public BatchTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Batch_BadEntry_DoesNotStopTheOthers_EachHasItsStatus()
    {
        var existing = await _client.CreatePatientAsync();
        var body = Batch(
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("Ok")),
            Entry(Bundle.HTTPVerb.PUT, $"Patient/{existing.Id}", new Patient { Id = existing.Id }, ifMatch: "W/\"5\""),
            Entry(Bundle.HTTPVerb.GET, "Patient/does-not-exist"));

        using var response = await _client.PostFhirAsync("/fhir", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal(Bundle.BundleType.BatchResponse, bundle.Type);
        Assert.Equal(["201 Created", "412 Precondition Failed", "404 Not Found"], bundle.Entry.Select(e => e.Response!.Status));
        Assert.IsType<OperationOutcome>(bundle.Entry[1].Response!.Outcome);
        Assert.IsType<OperationOutcome>(bundle.Entry[2].Response!.Outcome);
        Assert.Equal(2, FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count);
    }

    [Fact]
    public async Task Batch_UrnReferenceToAnotherEntry_FailsOnlyThatEntry()
    {
        var body = Batch(
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("P"), "urn:uuid:12345678-0000-0000-0000-000000000001"),
            Entry(Bundle.HTTPVerb.POST, "Observation", new Observation
            {
                Status = ObservationStatus.Final,
                Code = new CodeableConcept("http://loinc.org", "1"),
                Subject = new ResourceReference("urn:uuid:12345678-0000-0000-0000-000000000001"),
            }));

        using var response = await _client.PostFhirAsync("/fhir", body);

        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal(["201 Created", "400 Bad Request"], bundle.Entry.Select(e => e.Response!.Status));
    }

    [Fact]
    public async Task Bundle_OverTheEntryLimit_Is413AndWritesNothing()
    {
        var body = Batch(Enumerable.Range(0, 4).Select(i => Entry(Bundle.HTTPVerb.POST, "Patient", Patient($"P{i}"))).ToArray());

        using var response = await _client.PostFhirAsync("/fhir", body);

        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("Herald:MaxBundleEntries", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Empty(FhirTestClient.ReadChangeLog(_factory.DatabasePath));
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
