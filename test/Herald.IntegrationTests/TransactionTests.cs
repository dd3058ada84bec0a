using System.Net;
using Hl7.Fhir.Model;
using static Herald.IntegrationTests.BundleJson;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class TransactionTests : IDisposable
{
    private const string Mrn = "http://example.org/mrn";
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public TransactionTests() => _client = _factory.CreateClient();

    private async Task<Bundle> PostOkAsync(string body, params (string, string)[] headers)
    {
        using var response = await _client.PostFhirAsync("/fhir", body, headers);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.BodyAsync());
        return await response.ReadAsync<Bundle>();
    }

    [Fact]
    public async Task Transaction_RewritesUrnReferencesEverywhere_AndAnswersEachEntry()
    {
        var observation = new Observation
        {
            Status = ObservationStatus.Final,
            Code = new CodeableConcept("http://loinc.org", "8867-4"),
            Subject = new ResourceReference("urn:uuid:11111111-1111-1111-1111-111111111111"),
            Performer = [new ResourceReference("urn:uuid:11111111-1111-1111-1111-111111111111")],
            Component = [new Observation.ComponentComponent
            {
                Code = new CodeableConcept("http://loinc.org", "x"),
                Extension = [new Extension("http://example.org/about", new ResourceReference("urn:uuid:11111111-1111-1111-1111-111111111111"))],
            }],
        };
        var body = Transaction(
            Entry(Bundle.HTTPVerb.POST, "Observation", observation, "urn:uuid:22222222-2222-2222-2222-222222222222"),
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("Urn"), "urn:uuid:11111111-1111-1111-1111-111111111111"));

        var bundle = await PostOkAsync(body);

        Assert.Equal(Bundle.BundleType.TransactionResponse, bundle.Type);
        Assert.Equal(2, bundle.Entry.Count);
        Assert.All(bundle.Entry, e =>
        {
            Assert.Equal("201 Created", e.Response!.Status);
            Assert.Equal("W/\"1\"", e.Response!.Etag);
            Assert.NotNull(e.Response!.LastModified);
            Assert.Matches("^http://localhost/fhir/(Patient|Observation)/[^/]+/_history/1$", e.Response!.Location);
        });
        var patient = Assert.IsType<Patient>(bundle.Entry[1].Resource);
        using var read = await _client.GetFhirAsync($"/fhir/Observation/{bundle.Entry[0].Resource!.Id}");
        var stored = await read.ReadAsync<Observation>();
        var expected = $"Patient/{patient.Id}";
        Assert.Equal(expected, stored.Subject!.Reference);
        Assert.Equal(expected, stored.Performer[0].Reference);
        Assert.Equal(expected, ((ResourceReference)stored.Component[0].Extension[0].Value!).Reference);
    }

    [Fact]
    public async Task Transaction_EveryWriteGetsItsChangeLogRow()
    {
        var existing = await _client.CreatePatientAsync(family: "Old");
        var body = Transaction(
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("A")),
            Entry(Bundle.HTTPVerb.PUT, $"Patient/{existing.Id}", new Patient { Id = existing.Id, Name = [new HumanName { Family = "New" }] }),
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("B")));

        await PostOkAsync(body);

        var rows = FhirTestClient.ReadChangeLog(_factory.DatabasePath);
        Assert.Equal(4, rows.Count);
        Assert.Equal([1, 1, 1, 2], rows.Select(r => r.Interaction));
    }

    [Fact]
    public async Task Transaction_FailingEntry_WritesNothing_AndNamesTheEntry()
    {
        var existing = await _client.CreatePatientAsync();
        var before = FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count;
        var body = Transaction(
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("Lost")),
            Entry(Bundle.HTTPVerb.PUT, $"Patient/{existing.Id}", new Patient { Id = existing.Id }, ifMatch: "W/\"7\""));

        using var response = await _client.PostFhirAsync("/fhir", body);

        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        Assert.Contains("entry 1", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Equal(before, FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count);
        Assert.Equal(1, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Transaction_ProcessesDeleteBeforePostBeforePutBeforeGet()
    {
        var doomed = await _client.CreatePatientAsync(family: "Doomed");
        var kept = await _client.CreatePatientAsync(family: "Kept");
        var body = Transaction(
            Entry(Bundle.HTTPVerb.GET, $"Patient/{kept.Id}"),
            Entry(Bundle.HTTPVerb.PUT, $"Patient/{kept.Id}", new Patient { Id = kept.Id, Name = [new HumanName { Family = "Changed" }] }),
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("Fresh")),
            Entry(Bundle.HTTPVerb.DELETE, $"Patient/{doomed.Id}"));

        var bundle = await PostOkAsync(body);

        Assert.Equal("Changed", Assert.IsType<Patient>(bundle.Entry[0].Resource).Name[0].Family);
        Assert.Equal(["200 OK", "200 OK", "201 Created", "204 No Content"], bundle.Entry.Select(e => e.Response!.Status));
        var rows = FhirTestClient.ReadChangeLog(_factory.DatabasePath).Skip(2).ToList();
        Assert.Equal([3, 1, 2], rows.Select(r => r.Interaction));
    }

    [Fact]
    public async Task Transaction_ConditionalCreate_MatchingExisting_PointsReferencesAtIt()
    {
        var existing = await _client.CreatePatientAsync(identifierSystem: Mrn, identifierValue: "42");
        var body = Transaction(
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("Dup", Mrn, "42"), "urn:uuid:aaaaaaaa-0000-0000-0000-000000000001", ifNoneExist: $"identifier={Mrn}|42"),
            Entry(Bundle.HTTPVerb.POST, "Observation", new Observation
            {
                Status = ObservationStatus.Final,
                Code = new CodeableConcept("http://loinc.org", "1"),
                Subject = new ResourceReference("urn:uuid:aaaaaaaa-0000-0000-0000-000000000001"),
            }));

        var bundle = await PostOkAsync(body);

        Assert.Equal("200 OK", bundle.Entry[0].Response!.Status);
        Assert.Equal($"Patient/{existing.Id}", Assert.IsType<Observation>(bundle.Entry[1].Resource).Subject!.Reference);
        Assert.Equal(2, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Transaction_ConditionalUpdateAndDeleteAndConditionalReference()
    {
        var target = await _client.CreatePatientAsync(family: "Target", identifierSystem: Mrn, identifierValue: "1");
        var doomed = await _client.CreatePatientAsync(family: "Doomed", identifierSystem: Mrn, identifierValue: "2");
        var body = Transaction(
            Entry(Bundle.HTTPVerb.PUT, $"Patient?identifier={Mrn}|1", Patient("Updated", Mrn, "1")),
            Entry(Bundle.HTTPVerb.DELETE, $"Patient?identifier={Mrn}|2"),
            Entry(Bundle.HTTPVerb.POST, "Observation", new Observation
            {
                Status = ObservationStatus.Final,
                Code = new CodeableConcept("http://loinc.org", "1"),
                Subject = new ResourceReference($"Patient?identifier={Mrn}|1"),
            }));

        var bundle = await PostOkAsync(body);

        Assert.Equal(["200 OK", "204 No Content", "201 Created"], bundle.Entry.Select(e => e.Response!.Status));
        Assert.Equal($"Patient/{target.Id}", Assert.IsType<Observation>(bundle.Entry[2].Resource).Subject!.Reference);
        using var gone = await _client.GetFhirAsync($"/fhir/Patient/{doomed.Id}");
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        using var updated = await _client.GetFhirAsync($"/fhir/Patient/{target.Id}");
        Assert.Equal("Updated", (await updated.ReadAsync<Patient>()).Name[0].Family);
    }

    [Fact]
    public async Task Transaction_PreferMinimal_OmitsResources_PreferOutcome_GivesOutcomes()
    {
        var minimal = await PostOkAsync(Transaction(Entry(Bundle.HTTPVerb.POST, "Patient", Patient("M"))), ("Prefer", "return=minimal"));
        var outcome = await PostOkAsync(Transaction(Entry(Bundle.HTTPVerb.POST, "Patient", Patient("O"))), ("Prefer", "return=OperationOutcome"));

        Assert.Null(minimal.Entry[0].Resource);
        Assert.NotNull(minimal.Entry[0].Response!.Location);
        Assert.Null(outcome.Entry[0].Resource);
        Assert.IsType<OperationOutcome>(outcome.Entry[0].Response!.Outcome);
    }

    [Fact]
    public async Task Transaction_GetSearchEntry_ReturnsSearchset()
    {
        var bundle = await PostOkAsync(Transaction(
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("Findme", Mrn, "9")),
            Entry(Bundle.HTTPVerb.GET, $"Patient?identifier={Mrn}|9")));

        var searchset = Assert.IsType<Bundle>(bundle.Entry[1].Resource);
        Assert.Equal(1, searchset.Total);
    }

    [Theory]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:4a3b2c1d-0000-0000-0000-000000000001"}]}""", "collection")]
    [InlineData("""{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Patient","active":true}}]}""", "request")]
    [InlineData("""{"resourceType":"Patient","active":true}""", "Bundle")]
    [InlineData("""{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"urn:uuid:99999999-9999-9999-9999-999999999999"}},"request":{"method":"POST","url":"Observation"}}]}""", "urn:uuid:9999")]
    public async Task Transaction_BadInput_IsA400WithAClearMessage(string body, string mentioned)
    {
        using var response = await _client.PostFhirAsync("/fhir", body);

        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Contains(mentioned, outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Empty(FhirTestClient.ReadChangeLog(_factory.DatabasePath));
    }

    [Fact]
    public async Task Transaction_CircularConditionalReferences_IsA400()
    {
        var body = Transaction(
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("A"), "urn:uuid:aaaaaaaa-0000-0000-0000-00000000000a", ifNoneExist: "link=urn:uuid:bbbbbbbb-0000-0000-0000-00000000000b"),
            Entry(Bundle.HTTPVerb.POST, "Patient", Patient("B"), "urn:uuid:bbbbbbbb-0000-0000-0000-00000000000b", ifNoneExist: "link=urn:uuid:aaaaaaaa-0000-0000-0000-00000000000a"));

        using var response = await _client.PostFhirAsync("/fhir", body);

        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Contains("circular", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_TwoEntriesOnOneResource_IsA400()
    {
        var body = Transaction(
            Entry(Bundle.HTTPVerb.PUT, "Patient/same", new Patient { Id = "same" }),
            Entry(Bundle.HTTPVerb.DELETE, "Patient/same"));

        using var response = await _client.PostFhirAsync("/fhir", body);

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Transaction_InTenant_WritesThatTenantOnly()
    {
        using var response = await _client.PostFhirAsync("/tenants/acme/fhir", Transaction(Entry(Bundle.HTTPVerb.POST, "Patient", Patient("T"))));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await response.ReadAsync<Bundle>();
        Assert.StartsWith("http://localhost/tenants/acme/fhir/Patient/", bundle.Entry[0].Response!.Location, StringComparison.Ordinal);
        Assert.Equal("acme", Assert.Single(FhirTestClient.ReadChangeLog(_factory.DatabasePath)).Tenant);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
