using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class BaseUrlTests : IDisposable
{
    private readonly HeraldFactory _factory = new(new Dictionary<string, string?> { ["Herald:BaseUrl"] = "https://public.example.org/" });
    private readonly HttpClient _client;

    public BaseUrlTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Create_WithBaseUrl_LocationUsesIt()
    {
        using var response = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson());

        var patient = await response.ReadAsync<Patient>();
        Assert.Equal(new Uri($"https://public.example.org/fhir/Patient/{patient.Id}/_history/1"), response.Headers.Location);
    }

    [Fact]
    public async Task Create_InTenantWithBaseUrl_LocationUsesTenantBaseUnderIt()
    {
        using var response = await _client.PostFhirAsync("/tenants/x/fhir/Patient", FhirTestClient.PatientJson());

        var patient = await response.ReadAsync<Patient>();
        Assert.Equal(new Uri($"https://public.example.org/tenants/x/fhir/Patient/{patient.Id}/_history/1"), response.Headers.Location);
    }

    [Fact]
    public async Task History_WithBaseUrl_FullUrlsAndLinksUseIt()
    {
        var first = await _client.CreatePatientAsync("/tenants/x/fhir");
        await _client.CreatePatientAsync("/tenants/x/fhir");

        using var response = await _client.GetFhirAsync("/tenants/x/fhir/Patient/_history?_count=1");

        var bundle = await response.ReadAsync<Bundle>();
        Assert.StartsWith("https://public.example.org/tenants/x/fhir/Patient/_history?", bundle.NextLink!.ToString(), StringComparison.Ordinal);
        Assert.Equal(new Uri("https://public.example.org/tenants/x/fhir/Patient/_history?_count=1"), bundle.SelfLink);
        Assert.StartsWith("https://public.example.org/tenants/x/fhir/Patient/", bundle.Entry[0].FullUrl, StringComparison.Ordinal);
        var defaultHistory = await _client.ReadAllHistoryAsync("/fhir/_history");
        Assert.Empty(defaultHistory);
        Assert.NotNull(first.Id);
    }

    [Fact]
    public async Task NextLinkWithBaseUrl_PathAndQueryStillWorkAgainstTheServer()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.CreatePatientAsync();
        }

        using var first = await _client.GetFhirAsync("/fhir/_history?_count=2");
        var next = (await first.ReadAsync<Bundle>()).NextLink!;
        using var second = await _client.GetFhirAsync(next.PathAndQuery);

        Assert.Single((await second.ReadAsync<Bundle>()).Entry);
    }

    [Fact]
    public async Task Metadata_WithBaseUrl_ImplementationUrlUsesIt()
    {
        using var response = await _client.GetFhirAsync("/fhir/metadata");

        Assert.Equal("https://public.example.org/fhir", (await response.ReadAsync<CapabilityStatement>()).Implementation!.Url);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
