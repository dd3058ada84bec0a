using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class ConditionalCreateTests : IDisposable
{
    private const string System = "http://example.org/mrn";

    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public ConditionalCreateTests() => _client = _factory.CreateClient();

    [Theory]
    [InlineData("identifier=http://example.org/mrn|123")]
    [InlineData("Patient?identifier=http://example.org/mrn|123")]
    [InlineData("identifier=123")]
    public async Task IfNoneExist_MatchingOne_Returns200WithExistingAndCreatesNothing(string condition)
    {
        var existing = await _client.CreatePatientAsync(family: "Existing", identifierSystem: System, identifierValue: "123");

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(null, "Dup", System, "123"), ("If-None-Exist", condition));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal(existing.Id, patient.Id);
        Assert.Equal("Existing", patient.Name[0].Family);
        Assert.Equal(new Uri($"http://localhost/fhir/Patient/{existing.Id}/_history/1"), response.Headers.Location);
        Assert.Equal(1, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task IfNoneExist_NoMatch_Returns201AndCreates()
    {
        await _client.CreatePatientAsync(identifierSystem: System, identifierValue: "123");

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(null, "New", System, "456"), ("If-None-Exist", $"identifier={System}|456"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(2, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task IfNoneExist_OtherSystemSameValue_DoesNotMatch()
    {
        await _client.CreatePatientAsync(identifierSystem: "http://other.org", identifierValue: "123");

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(null, "New", System, "123"), ("If-None-Exist", $"identifier={System}|123"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task IfNoneExist_TwoMatches_Returns412AndCreatesNothing()
    {
        await _client.CreatePatientAsync(identifierSystem: System, identifierValue: "123");
        await _client.CreatePatientAsync(identifierSystem: System, identifierValue: "123");

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(null, "Third", System, "123"), ("If-None-Exist", $"identifier={System}|123"));

        await response.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(2, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task IfNoneExist_ById_MatchesThatResource()
    {
        var existing = await _client.CreatePatientAsync();

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("If-None-Exist", $"_id={existing.Id}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(existing.Id, (await response.ReadAsync<Patient>()).Id);
        Assert.Equal(1, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task IfNoneExist_ByUnknownId_Creates()
    {
        await _client.CreatePatientAsync();

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("If-None-Exist", "_id=nope"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task IfNoneExist_DeletedMatch_DoesNotMatch()
    {
        var existing = await _client.CreatePatientAsync(identifierSystem: System, identifierValue: "123");
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{existing.Id}");

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(null, "New", System, "123"), ("If-None-Exist", $"identifier={System}|123"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("no-such-parameter=Doe")]
    [InlineData("identifier=a|b|c")]
    [InlineData("identifier=")]
    [InlineData("_id=sys|x")]
    public async Task IfNoneExist_UnsupportedOrInvalidQuery_Returns400AndCreatesNothing(string condition)
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("If-None-Exist", condition));

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
