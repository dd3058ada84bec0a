using System.Net;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

/// <summary>Every committed write appends one change_log row in the same transaction; rejected writes append none.</summary>
public sealed class ChangeLogTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public ChangeLogTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task CreateUpdateDelete_AppendRowsInOrderWithInteractionsAndVersions()
    {
        var created = await _client.CreatePatientAsync();
        await _client.UpdatePatientAsync(created.Id, "Updated");
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        var rows = FhirTestClient.ReadChangeLog(_factory.DatabasePath);

        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal(("_default", "Patient", created.Id), (r.Tenant, r.Type, r.Id)));
        Assert.Equal([1, 2, 3], rows.Select(r => r.Interaction));
        Assert.Equal([1L, 2L, 3L], rows.Select(r => r.Version));
        Assert.Equal([null, 1L, 2L], rows.Select(r => r.PreviousVersion));
        Assert.True(rows[0].Seq < rows[1].Seq && rows[1].Seq < rows[2].Seq);
    }

    [Fact]
    public async Task RecreateAfterDelete_IsLoggedAsCreateWithPreviousVersion()
    {
        var created = await _client.CreatePatientAsync();
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");
        await _client.UpdatePatientAsync(created.Id, "Reborn");

        var rows = FhirTestClient.ReadChangeLog(_factory.DatabasePath);

        Assert.Equal([1, 3, 1], rows.Select(r => r.Interaction));
        Assert.Equal((3L, 2L), (rows[2].Version, rows[2].PreviousVersion));
    }

    [Fact]
    public async Task TenantWrite_IsLoggedUnderThatTenant()
    {
        var created = await _client.CreatePatientAsync("/tenants/acme/fhir");

        var row = Assert.Single(FhirTestClient.ReadChangeLog(_factory.DatabasePath));

        Assert.Equal(("acme", created.Id), (row.Tenant, row.Id));
    }

    [Fact]
    public async Task RejectedWrites_AppendNoRows()
    {
        var created = await _client.CreatePatientAsync(identifierSystem: "s", identifierValue: "v");
        await _client.CreatePatientAsync(identifierSystem: "s", identifierValue: "v");
        var before = FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count;

        using var stale = await _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, "Stale"), ("If-Match", "W/\"9\""));
        using var staleDelete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}", ("If-Match", "W/\"9\""));
        using var ambiguous = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("If-None-Exist", "identifier=s|v"));
        using var invalid = await _client.PostFhirAsync("/fhir/Patient", """{"resourceType":"Patient","bogus":1}""");
        using var deleteUnknown = await _client.DeleteFhirAsync("/fhir/Patient/unknown");

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleDelete.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, ambiguous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleteUnknown.StatusCode);
        Assert.Equal(before, FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count);
    }

    [Fact]
    public async Task NoOpWrites_AppendNoRows()
    {
        var created = await _client.CreatePatientAsync(identifierSystem: "s", identifierValue: "v");
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");
        var other = await _client.CreatePatientAsync(identifierSystem: "s", identifierValue: "w");
        var before = FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count;

        using var deleteAgain = await _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}");
        using var matched = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(), ("If-None-Exist", "identifier=s|w"));

        Assert.Equal(HttpStatusCode.NoContent, deleteAgain.StatusCode);
        Assert.Equal(HttpStatusCode.OK, matched.StatusCode);
        Assert.NotNull(other.Id);
        Assert.Equal(before, FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
