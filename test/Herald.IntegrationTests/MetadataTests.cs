using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class MetadataTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public MetadataTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task Metadata_IsAnR4CapabilityStatement()
    {
        using var response = await _client.GetFhirAsync("/fhir/metadata");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statement = await response.ReadAsync<CapabilityStatement>();
        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        Assert.Equal(CapabilityStatementKind.Instance, statement.Kind);
        Assert.Equal("Herald", statement.Software!.Name);
        Assert.Contains(statement.Format, f => f is "json" or FhirTestClient.FhirJson);
        Assert.Contains(statement.Format, f => f is "xml" or FhirTestClient.FhirXml);
    }

    [Fact]
    public async Task Metadata_ListsPatientWithImplementedInteractionsOnly()
    {
        using var response = await _client.GetFhirAsync("/fhir/metadata");

        var statement = await response.ReadAsync<CapabilityStatement>();
        var rest = Assert.Single(statement.Rest);
        var patient = Assert.Single(rest.Resource, r => r.Type == "Patient");
        var codes = patient.Interaction.Select(i => i.Code!.Value).Order().ToList();
        CapabilityStatement.TypeRestfulInteraction[] expected =
        [
            CapabilityStatement.TypeRestfulInteraction.Read,
            CapabilityStatement.TypeRestfulInteraction.Vread,
            CapabilityStatement.TypeRestfulInteraction.Update,
            CapabilityStatement.TypeRestfulInteraction.Patch,
            CapabilityStatement.TypeRestfulInteraction.Delete,
            CapabilityStatement.TypeRestfulInteraction.Create,
            CapabilityStatement.TypeRestfulInteraction.HistoryInstance,
            CapabilityStatement.TypeRestfulInteraction.HistoryType,
            CapabilityStatement.TypeRestfulInteraction.SearchType,
        ];
        Assert.Equal(expected.Order(), codes);
        Assert.DoesNotContain(rest.Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.SearchSystem);
        Assert.Contains(rest.Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.HistorySystem);
        Assert.True(patient.ConditionalCreate);
        Assert.True(patient.ConditionalUpdate);
        Assert.Equal(CapabilityStatement.ConditionalDeleteStatus.Single, patient.ConditionalDelete);
        Assert.Contains(rest.Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.Transaction);
        Assert.Contains(rest.Interaction, i => i.Code == CapabilityStatement.SystemRestfulInteraction.Batch);
        Assert.Contains(patient.SearchParam, p => p.Name == "identifier" && p.Type == SearchParamType.Token);
        Assert.Contains(patient.SearchParam, p => p.Name == "_lastUpdated" && p.Type == SearchParamType.Date);
    }

    [Fact]
    public async Task Metadata_ImplementationUrlIsTheDefaultBase()
    {
        using var response = await _client.GetFhirAsync("/fhir/metadata");

        var statement = await response.ReadAsync<CapabilityStatement>();
        Assert.Equal("http://localhost/fhir", statement.Implementation!.Url);
    }

    [Fact]
    public async Task Metadata_OfTenant_ImplementationUrlIsTheTenantBase()
    {
        using var response = await _client.GetFhirAsync("/tenants/clinic-7/fhir/metadata");

        var statement = await response.ReadAsync<CapabilityStatement>();
        Assert.Equal("http://localhost/tenants/clinic-7/fhir", statement.Implementation!.Url);
    }

    [Fact]
    public async Task Metadata_InXml_ParsesAsCapabilityStatement()
    {
        using var response = await _client.GetFhirAsync("/fhir/metadata", ("Accept", FhirTestClient.FhirXml));

        Assert.Equal(FhirTestClient.FhirXml, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(FHIRVersion.N4_0_1, (await response.ReadAsync<CapabilityStatement>()).FhirVersion);
    }

    [Fact]
    public async Task Healthz_Returns200()
    {
        using var response = await _client.GetFhirAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.BodyAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
