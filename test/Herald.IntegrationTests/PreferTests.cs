using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class PreferTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public PreferTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Create_PreferMinimal_ReturnsEmptyBodyWithHeaders()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("Prefer", "return=minimal"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("", await response.BodyAsync());
        Assert.Equal("W/\"1\"", FhirTestClient.ETagOf(response));
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Matches("^http://localhost/fhir/Patient/[^/]+/_history/1$", response.Headers.Location!.ToString());
        Assert.Equal(1, await _client.SystemHistoryCountAsync());
    }

    [Fact]
    public async Task Update_PreferMinimal_ReturnsEmptyBodyWithHeaders()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "X"), ("Prefer", "return=minimal"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.BodyAsync());
        Assert.Equal("W/\"2\"", FhirTestClient.ETagOf(response));
        Assert.Equal(new Uri($"http://localhost/fhir/Patient/{created.Id}/_history/2"), response.Headers.Location);
    }

    [Theory]
    [InlineData("return=OperationOutcome")]
    [InlineData("return=operationoutcome")]
    [InlineData("handling=strict, return=OperationOutcome")]
    public async Task Create_PreferOperationOutcome_ReturnsInformationalOutcomeWithHeaders(string prefer)
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("Prefer", prefer));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var outcome = await response.ReadAsync<OperationOutcome>();
        Assert.Equal(OperationOutcome.IssueSeverity.Information, outcome.Issue[0].Severity);
        Assert.Equal("W/\"1\"", FhirTestClient.ETagOf(response));
        Assert.NotNull(response.Headers.Location);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("return=representation")]
    [InlineData("return=nonsense")]
    public async Task Create_DefaultOrRepresentation_ReturnsTheResource(string? prefer)
    {
        (string, string)[] headers = prefer is null ? [] : [("Prefer", prefer)];

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), headers);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal("1", patient.Meta!.VersionId);
    }

    [Fact]
    public async Task ConditionalCreate_PreferOperationOutcome_SaysNothingWasCreated()
    {
        var existing = await _client.CreatePatientAsync(identifierSystem: "s", identifierValue: "v");

        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("If-None-Exist", "identifier=s|v"), ("Prefer", "return=OperationOutcome"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcome = await response.ReadAsync<OperationOutcome>();
        Assert.Contains(existing.Id!, outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
