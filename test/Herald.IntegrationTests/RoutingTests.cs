using System.Net;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class RoutingTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public RoutingTests() => _client = _factory.CreateClient();

    [Theory]
    [InlineData("/nothing-here")]
    [InlineData("/fhir/Patient/1/_history/1/extra")]
    [InlineData("/tenants/a")]
    [InlineData("/tenants/a/fhir/Patient/1/a/b")]
    public async Task UnknownRoute_Returns404OperationOutcome(string path)
    {
        using var response = await _client.GetFhirAsync(path);

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
        Assert.Equal(FhirTestClient.FhirJson, response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("/fhir/patient/1")]
    [InlineData("/fhir/PATIENT/_history")]
    public async Task ResourceTypeInWrongCase_Returns404(string path)
    {
        using var response = await _client.GetFhirAsync(path);

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("DELETE", "/fhir/Patient/123/_history/1")]
    [InlineData("GET", "/fhir")]
    [InlineData("POST", "/fhir/Patient/123")]
    [InlineData("PUT", "/fhir/Patient")]
    public async Task UnsupportedMethodOnKnownRoute_Returns405OperationOutcome(string method, string path)
    {
        using var response = await _client.SendFhirAsync(new HttpMethod(method), path, method == "DELETE" ? null : FhirTestClient.PatientJson());

        await response.AssertOutcomeAsync(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("/tenants/A/fhir/metadata")]
    [InlineData("/tenants/a_b/fhir/metadata")]
    [InlineData("/tenants/a.b/fhir/Patient/_history")]
    [InlineData("/tenants/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/fhir/metadata")]
    public async Task InvalidTenantName_Returns404OperationOutcome(string path)
    {
        using var response = await _client.GetFhirAsync(path);

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task InvalidTenantName_OnWrite_Returns404AndStoresNothing()
    {
        using var response = await _client.PostFhirAsync("/tenants/UPPER/fhir/Patient", FhirTestClient.PatientJson());

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await _client.SystemHistoryCountAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
