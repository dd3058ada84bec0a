using System.Net;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class HistoryTests : IDisposable
{
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public HistoryTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task InstanceHistory_ListsEveryVersionNewestFirst()
    {
        var created = await _client.CreatePatientAsync(family: "V1");
        await _client.UpdatePatientAsync(created.Id, "V2");
        await _client.UpdatePatientAsync(created.Id, "V3");

        using var response = await _client.GetFhirAsync($"/fhir/Patient/{created.Id}/_history");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal(Bundle.BundleType.History, bundle.Type);
        Assert.Equal(["3", "2", "1"], bundle.Entry.Select(e => e.Resource!.Meta!.VersionId));
        Assert.Equal(["V3", "V2", "V1"], bundle.Entry.Select(e => ((Patient)e.Resource!).Name[0].Family));
        Assert.Equal([Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.PUT, Bundle.HTTPVerb.POST], bundle.Entry.Select(e => e.Request!.Method!.Value));
        Assert.All(bundle.Entry, e => Assert.Equal($"http://localhost/fhir/Patient/{created.Id}", e.FullUrl));
        Assert.Equal(new Uri($"http://localhost/fhir/Patient/{created.Id}/_history"), bundle.SelfLink);
    }

    [Fact]
    public async Task TypeHistory_ListsOnlyThatTypeNewestFirst()
    {
        var first = await _client.CreatePatientAsync();
        var second = await _client.CreatePatientAsync();
        using var observation = await _client.PutFhirAsync("/fhir/Observation/o1", """{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"}}""");
        Assert.Equal(HttpStatusCode.Created, observation.StatusCode);

        var entries = await _client.ReadAllHistoryAsync("/fhir/Patient/_history");

        Assert.Equal([second.Id, first.Id], entries.Select(e => e.Resource!.Id));
    }

    [Fact]
    public async Task SystemHistory_ListsAllTypesNewestFirst()
    {
        var patient = await _client.CreatePatientAsync();
        using var observation = await _client.PutFhirAsync("/fhir/Observation/o1", """{"resourceType":"Observation","id":"o1","status":"final","code":{"text":"x"}}""");
        using var delete = await _client.DeleteFhirAsync($"/fhir/Patient/{patient.Id}");

        var entries = await _client.ReadAllHistoryAsync("/fhir/_history");

        Assert.Equal(3, entries.Count);
        Assert.Equal(Bundle.HTTPVerb.DELETE, entries[0].Request!.Method);
        Assert.Equal($"Patient/{patient.Id}", entries[0].Request!.Url);
        Assert.Equal("Observation", entries[1].Resource!.TypeName);
        Assert.Equal(patient.Id, entries[2].Resource!.Id);
    }

    [Fact]
    public async Task History_PagedWithCount_FollowingNextYieldsEveryVersionOnceDespiteConcurrentWrites()
    {
        var expected = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            var p = await _client.CreatePatientAsync();
            expected.Add($"{p.Id}/1");
        }

        var seen = new List<string>();
        string? next = "/fhir/_history?_count=3";
        var pages = 0;
        while (next is not null)
        {
            using var response = await _client.GetFhirAsync(next);
            var bundle = await response.ReadAsync<Bundle>();
            Assert.True(bundle.Entry.Count <= 3);
            seen.AddRange(bundle.Entry.Select(e => $"{e.Resource!.Id}/{e.Resource.Meta!.VersionId}"));
            next = bundle.NextLink?.ToString();
            pages++;

            // A write between pages must neither shift nor duplicate what the pager sees.
            await _client.CreatePatientAsync(family: "Late");
        }

        Assert.Equal(3, pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(expected.Order(), seen.Order());
    }

    [Fact]
    public async Task History_NextLink_IsAbsoluteAndKeepsCountAndSince()
    {
        for (var i = 0; i < 3; i++)
        {
            await _client.CreatePatientAsync();
        }

        using var response = await _client.GetFhirAsync("/fhir/Patient/_history?_count=2&_since=2000-01-01T00:00:00Z");

        var bundle = await response.ReadAsync<Bundle>();
        var next = bundle.NextLink!;
        Assert.True(next.IsAbsoluteUri);
        Assert.StartsWith("http://localhost/fhir/Patient/_history?", next.ToString(), StringComparison.Ordinal);
        Assert.Contains("_count=2", next.Query, StringComparison.Ordinal);
        Assert.Contains("_since=", next.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_LastPage_HasNoNextLink()
    {
        await _client.CreatePatientAsync();
        await _client.CreatePatientAsync();

        using var response = await _client.GetFhirAsync("/fhir/_history?_count=2");

        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal(2, bundle.Entry.Count);
        Assert.Null(bundle.NextLink);
    }

    [Fact]
    public async Task History_WithSince_ReturnsOnlyVersionsAtOrAfterIt()
    {
        var created = await _client.CreatePatientAsync(family: "V1");
        var second = await _client.UpdatePatientAsync(created.Id, "V2");
        await _client.UpdatePatientAsync(created.Id, "V3");
        var since = Uri.EscapeDataString(second.Meta!.LastUpdated!.Value.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));

        var entries = await _client.ReadAllHistoryAsync($"/fhir/Patient/{created.Id}/_history?_since={since}");

        Assert.Equal(["3", "2"], entries.Select(e => e.Resource!.Meta!.VersionId));
    }

    [Fact]
    public async Task History_WithFutureSince_IsEmpty()
    {
        await _client.CreatePatientAsync();

        var entries = await _client.ReadAllHistoryAsync("/fhir/_history?_since=2999-01-01T00:00:00Z");

        Assert.Empty(entries);
    }

    [Theory]
    [InlineData("2000-01-01")]
    [InlineData("2000")]
    [InlineData("2000-01-01T00:00:00%2B02:00")]
    public async Task History_WithPastSinceInAnyPrecision_ReturnsEverything(string since)
    {
        await _client.CreatePatientAsync();
        await _client.CreatePatientAsync();

        var entries = await _client.ReadAllHistoryAsync($"/fhir/_history?_since={since}");

        Assert.Equal(2, entries.Count);
    }

    [Theory]
    [InlineData("_count=0")]
    [InlineData("_count=-1")]
    [InlineData("_count=abc")]
    [InlineData("_since=yesterday")]
    [InlineData("_since=2024-13-45")]
    [InlineData("_cursor=xyz")]
    public async Task History_WithBadParameter_Returns400(string query)
    {
        using var response = await _client.GetFhirAsync($"/fhir/_history?{query}");

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task InstanceHistory_OfUnknownResource_Returns404()
    {
        using var response = await _client.GetFhirAsync("/fhir/Patient/nobody/_history");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TypeHistory_OfUnknownType_Returns404()
    {
        using var response = await _client.GetFhirAsync("/fhir/NotAType/_history");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task History_CountAboveMaximum_IsCappedAtMaxPageSize()
    {
        using var factory = new HeraldFactory(new Dictionary<string, string?> { ["Herald:MaxPageSize"] = "2", ["Herald:DefaultPageSize"] = "1" });
        using var client = factory.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            await client.CreatePatientAsync();
        }

        using var response = await client.GetFhirAsync("/fhir/_history?_count=500");

        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal(2, bundle.Entry.Count);
        Assert.NotNull(bundle.NextLink);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
