using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

/// <summary>/fhir, /tenants/a/fhir and /tenants/b/fhir are separate stores that share one file.</summary>
public sealed class TenancyTests : IDisposable
{
    private const string A = "/tenants/a/fhir";
    private const string B = "/tenants/b/fhir";
    private const string Default = "/fhir";
    private static readonly string[] Bases = [Default, A, B];

    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public TenancyTests() => _client = _factory.CreateClient();

    [Theory]
    [InlineData(Default)]
    [InlineData(A)]
    [InlineData(B)]
    public async Task ResourceCreatedInOneBase_Is404InTheOthers(string home)
    {
        var patient = await _client.CreatePatientAsync(home);

        foreach (var fhirBase in Bases)
        {
            using var read = await _client.GetFhirAsync($"{fhirBase}/Patient/{patient.Id}");
            using var vread = await _client.GetFhirAsync($"{fhirBase}/Patient/{patient.Id}/_history/1");
            using var history = await _client.GetFhirAsync($"{fhirBase}/Patient/{patient.Id}/_history");
            var expected = fhirBase == home ? HttpStatusCode.OK : HttpStatusCode.NotFound;
            Assert.Equal(expected, read.StatusCode);
            Assert.Equal(expected, vread.StatusCode);
            Assert.Equal(expected, history.StatusCode);
        }
    }

    [Fact]
    public async Task SystemAndTypeHistory_ShowOnlyTheTenantsOwnResources()
    {
        var inDefault = await _client.CreatePatientAsync(Default);
        var inA = await _client.CreatePatientAsync(A);
        var inB1 = await _client.CreatePatientAsync(B);
        var inB2 = await _client.CreatePatientAsync(B);

        Assert.Equal([inDefault.Id], await IdsAsync($"{Default}/_history"));
        Assert.Equal([inA.Id], await IdsAsync($"{A}/_history"));
        Assert.Equal([inB2.Id, inB1.Id], await IdsAsync($"{B}/_history"));
        Assert.Equal([inDefault.Id], await IdsAsync($"{Default}/Patient/_history"));
        Assert.Equal([inA.Id], await IdsAsync($"{A}/Patient/_history"));
        Assert.Equal([inB2.Id, inB1.Id], await IdsAsync($"{B}/Patient/_history"));
        Assert.Empty(await IdsAsync("/tenants/c/fhir/_history"));
    }

    [Fact]
    public async Task SameIdInTwoTenants_AreIndependentResources()
    {
        await _client.UpdatePatientAsync("shared", "InA", A);
        await _client.UpdatePatientAsync("shared", "InA2", A);
        var inB = await _client.UpdatePatientAsync("shared", "InB", B);

        Assert.Equal("1", inB.Meta!.VersionId);
        using var delete = await _client.DeleteFhirAsync($"{B}/Patient/shared");
        using var readA = await _client.GetFhirAsync($"{A}/Patient/shared");
        Assert.Equal(HttpStatusCode.OK, readA.StatusCode);
        Assert.Equal("InA2", (await readA.ReadAsync<Patient>()).Name[0].Family);
    }

    [Fact]
    public async Task DeleteAndUpdate_InOtherTenant_DoNotTouchTheResource()
    {
        var inA = await _client.CreatePatientAsync(A);

        using var delete = await _client.DeleteFhirAsync($"{B}/Patient/{inA.Id}");
        using var update = await _client.PutFhirAsync($"{B}/Patient/{inA.Id}", FhirTestClient.PatientJson(inA.Id, "FromB"), ("If-Match", "W/\"1\""));

        await delete.AssertOutcomeAsync(HttpStatusCode.NotFound);
        await update.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        using var read = await _client.GetFhirAsync($"{A}/Patient/{inA.Id}");
        Assert.Equal("W/\"1\"", FhirTestClient.ETagOf(read));
    }

    [Fact]
    public async Task IfNoneExist_InOneTenant_DoesNotMatchAnothersResources()
    {
        await _client.CreatePatientAsync(A, identifierSystem: "sys", identifierValue: "1");
        await _client.CreatePatientAsync(Default, identifierSystem: "sys", identifierValue: "1");

        using var response = await _client.PostFhirAsync($"{B}/Patient", FhirTestClient.PatientJson(null, "B", "sys", "1"), ("If-None-Exist", "identifier=sys|1"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await _client.SystemHistoryCountAsync(B));
    }

    [Fact]
    public async Task IfNoneExist_ById_DoesNotMatchAnotherTenantsResource()
    {
        var inA = await _client.CreatePatientAsync(A);

        using var response = await _client.PostFhirAsync($"{B}/Patient", FhirTestClient.PatientJson(), ("If-None-Exist", $"_id={inA.Id}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Links_CarryTheTenantsBase()
    {
        using var created = await _client.PostFhirAsync($"{A}/Patient", FhirTestClient.PatientJson());
        var patient = await created.ReadAsync<Patient>();
        await _client.CreatePatientAsync(A);

        Assert.Equal(new Uri($"http://localhost{A}/Patient/{patient.Id}/_history/1"), created.Headers.Location);
        using var history = await _client.GetFhirAsync($"{A}/_history?_count=1");
        var bundle = await history.ReadAsync<Bundle>();
        Assert.StartsWith($"http://localhost{A}/_history?", bundle.NextLink!.ToString(), StringComparison.Ordinal);
        Assert.StartsWith($"http://localhost{A}/_history", bundle.SelfLink!.ToString(), StringComparison.Ordinal);
        var all = await _client.ReadAllHistoryAsync($"{A}/_history?_count=1");
        Assert.Equal(2, all.Count);
        Assert.All(all, e => Assert.StartsWith($"http://localhost{A}/Patient/", e.FullUrl, StringComparison.Ordinal));
        Assert.All(all, e => Assert.StartsWith($"http://localhost{A}/Patient/", e.Response!.Location, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DefaultBase_LinksDoNotMentionTenants()
    {
        using var created = await _client.PostFhirAsync($"{Default}/Patient", FhirTestClient.PatientJson());

        Assert.StartsWith("http://localhost/fhir/Patient/", created.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DefaultTenantKey_IsNotReachableAsANamedTenant()
    {
        await _client.CreatePatientAsync(Default);

        using var response = await _client.GetFhirAsync("/tenants/_default/fhir/_history");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    private async Task<List<string?>> IdsAsync(string url) =>
        (await _client.ReadAllHistoryAsync(url)).Select(e => e.Resource?.Id).ToList();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
