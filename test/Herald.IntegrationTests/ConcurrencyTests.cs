using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class ConcurrencyTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public ConcurrencyTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task ParallelUpdates_WithSameIfMatch_ExactlyOneSucceeds()
    {
        var created = await _client.CreatePatientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _client.PutFhirAsync($"/fhir/Patient/{created.Id}", FhirTestClient.PatientJson(created.Id, $"Writer{i}"), ("If-Match", "W/\"1\""))));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
            var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.OK).ReadAsync<Patient>();
            using var read = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}");
            var current = await read.ReadAsync<Patient>();
            Assert.Equal("2", current.Meta!.VersionId);
            Assert.Equal(winner.Name[0].Family, current.Name[0].Family);
            Assert.Equal(2, FhirTestClient.ReadChangeLog(_factory.DatabasePath).Count);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task ParallelCreates_GiveStrictlyIncreasingSequencesWithoutDuplicates()
    {
        const int Writers = 8;
        const int PerWriter = 20;

        var ids = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async w =>
        {
            var mine = new List<string?>();
            for (var i = 0; i < PerWriter; i++)
            {
                var tenant = w % 2 == 0 ? "/fhir" : "/tenants/t2/fhir";
                mine.Add((await _client.CreatePatientAsync(tenant, $"W{w}-{i}")).Id);
            }

            return mine;
        }));

        var rows = FhirTestClient.ReadChangeLog(_factory.DatabasePath);
        Assert.Equal(Writers * PerWriter, rows.Count);
        Assert.Equal(Writers * PerWriter, ids.SelectMany(x => x).Distinct().Count());
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].Seq > rows[i - 1].Seq, $"seq {rows[i].Seq} follows {rows[i - 1].Seq}");
        }

        Assert.Equal(rows.Count, rows.Select(r => (r.Tenant, r.Type, r.Id, r.Version)).Distinct().Count());
        Assert.All(rows, r => Assert.Equal((1, 1L), (r.Interaction, r.Version)));
        Assert.Equal(Writers * PerWriter / 2, await _client.SystemHistoryCountAsync("/tenants/t2/fhir"));
    }

    [Fact]
    public async Task ParallelUnconditionalUpdates_OfOneResource_GiveGaplessVersions()
    {
        var created = await _client.CreatePatientAsync();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async w =>
        {
            for (var i = 0; i < 5; i++)
            {
                await _client.UpdatePatientAsync(created.Id, $"W{w}-{i}");
            }
        }));

        var rows = FhirTestClient.ReadChangeLog(_factory.DatabasePath);
        Assert.Equal(Enumerable.Range(1, 41).Select(v => (long)v), rows.Select(r => r.Version));
        Assert.Equal(Enumerable.Range(0, 41).Select(v => v == 0 ? (long?)null : v), rows.Select(r => r.PreviousVersion));
        var history = await _client.ReadAllHistoryAsync($"/fhir/Patient/{created.Id}/_history?_count=7");
        Assert.Equal(Enumerable.Range(1, 41).Reverse().Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)), history.Select(e => e.Resource!.Meta!.VersionId));
    }

    [Fact]
    public async Task ParallelConditionalCreates_WithSameIdentifier_CreateExactlyOne()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(null, $"W{i}", "sys", "same"), ("If-None-Exist", "identifier=sys|same"))));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var ids = new HashSet<string?>();
            foreach (var response in responses)
            {
                ids.Add((await response.ReadAsync<Patient>()).Id);
            }

            Assert.Single(ids);
            Assert.Single(FhirTestClient.ReadChangeLog(_factory.DatabasePath));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task ParallelDeletes_OfOneResource_WriteOneDeletion()
    {
        var created = await _client.CreatePatientAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _client.DeleteFhirAsync($"/fhir/Patient/{created.Id}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Single(responses, r => r.Headers.ETag is not null);
        Assert.Equal([1, 3], FhirTestClient.ReadChangeLog(_factory.DatabasePath).Select(r => r.Interaction));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task ParallelUpdateAsCreate_OfOneNewId_CreatesOnceThenUpdates()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _client.PutFhirAsync("/fhir/Patient/fresh", FhirTestClient.PatientJson("fresh", $"W{i}"))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(Enumerable.Range(1, 8).Select(v => $"W/\"{v}\""), responses.Select(FhirTestClient.ETagOf).Order());
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
