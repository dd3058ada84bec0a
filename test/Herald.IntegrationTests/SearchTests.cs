using System.Net;
using Hl7.Fhir.Model;
using static Herald.IntegrationTests.SearchTestHelpers;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

/// <summary>Type-level search over HTTP: bundles, paging, sorting, result control and errors.</summary>
public sealed class SearchTests : IDisposable
{
    private readonly HeraldFactory _factory = new();

    [Fact]
    public async Task Get_ByName_ReturnsSearchsetWithTotalAndMatchEntries()
    {
        var client = _factory.CreateClient();
        var muller = await client.CreateAsync(NewPatient("Müller", "José"));
        await client.CreateAsync(NewPatient("Smith", "Mary"));

        var bundle = await client.SearchAsync("/fhir/Patient?name=MULLER");

        Assert.Equal(1, bundle.Total);
        var entry = Assert.Single(bundle.Entry);
        Assert.Equal(Bundle.SearchEntryMode.Match, entry.Search!.Mode);
        Assert.Equal(muller.Id, entry.Resource!.Id);
        Assert.EndsWith($"/fhir/Patient/{muller.Id}", entry.FullUrl ?? "", StringComparison.Ordinal);
        Assert.Contains(bundle.Link, l => l.Relation == "self" && (l.Url ?? "").Contains("name=MULLER", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostSearch_FormBody_MatchesTheSameAsGet()
    {
        var client = _factory.CreateClient();
        await client.CreateAsync(NewPatient("Garcia", "Ana", AdministrativeGender.Female, "1980-05-01"));
        await client.CreateAsync(NewPatient("Garcia", "Luis", AdministrativeGender.Male, "1990-05-01"));
        await client.CreateAsync(NewPatient("Dupont", "Zoë", AdministrativeGender.Female, "1985-01-01"));

        var posted = await client.PostSearchAsync("/fhir/Patient/_search", [new("family", "garcia"), new("gender", "female")]);
        var got = await client.SearchAsync("/fhir/Patient?family=garcia&gender=female");

        Assert.Equal(1, posted.Total);
        Assert.Equal(got.MatchIds(), posted.MatchIds());
        Assert.Equal("Ana", Assert.IsType<Patient>(Assert.Single(posted.Entry).Resource).Name[0].Given.Single());
    }

    [Fact]
    public async Task Paging_FollowingNextLinks_YieldsEveryMatchExactlyOnce()
    {
        var client = _factory.CreateClient();
        var created = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            created.Add((await client.CreateAsync(NewPatient("Pager", $"P{i}")))!.Id!);
        }

        await client.CreateAsync(NewPatient("Other"));
        var seen = new List<string>();
        var pages = 0;
        string? url = "/fhir/Patient?family=pager&_count=5";
        while (url is not null)
        {
            var page = await client.SearchAsync(url);
            Assert.Equal(23, page.Total);
            Assert.True(page.Entry.Count <= 5);
            seen.AddRange(page.MatchIds());
            url = page.NextLink();
            pages++;
            Assert.True(pages <= 10, "The next links do not end.");
        }

        Assert.Equal(5, pages);
        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sort_OnSeveralKeys_OrdersAscendingAndDescending()
    {
        var client = _factory.CreateClient();
        var b1990 = await client.CreateAsync(NewPatient("Beta", birthDate: "1990-01-01"));
        var a1980 = await client.CreateAsync(NewPatient("Alpha", birthDate: "1980-01-01"));
        var b1970 = await client.CreateAsync(NewPatient("Beta", birthDate: "1970-01-01"));
        var a2000 = await client.CreateAsync(NewPatient("Alpha", birthDate: "2000-01-01"));

        var ascending = await client.SearchAsync("/fhir/Patient?_sort=family,birthdate");
        var mixed = await client.SearchAsync("/fhir/Patient?_sort=-family,-birthdate");
        var byDate = await client.SearchAsync("/fhir/Patient?_sort=-birthdate");

        Assert.Equal([a1980.Id!, a2000.Id!, b1970.Id!, b1990.Id!], ascending.MatchIds());
        Assert.Equal([b1990.Id!, b1970.Id!, a2000.Id!, a1980.Id!], mixed.MatchIds());
        Assert.Equal([a2000.Id!, b1990.Id!, a1980.Id!, b1970.Id!], byDate.MatchIds());
    }

    [Fact]
    public async Task TotalNone_OmitsTheTotal()
    {
        var client = _factory.CreateClient();
        await client.CreateAsync(NewPatient("Nobody"));

        var bundle = await client.SearchAsync("/fhir/Patient?_total=none");

        Assert.Null(bundle.Total);
        Assert.Single(bundle.Entry);
    }

    [Fact]
    public async Task SummaryCount_ReturnsTheTotalWithoutEntries()
    {
        var client = _factory.CreateClient();
        await client.CreateAsync(NewPatient("Count"));
        await client.CreateAsync(NewPatient("Count"));
        await client.CreateAsync(NewPatient("Other"));

        var bundle = await client.SearchAsync("/fhir/Patient?family=count&_summary=count");

        Assert.Equal(2, bundle.Total);
        Assert.Empty(bundle.Entry);
    }

    [Fact]
    public async Task SummaryTrue_ReturnsSummaryElementsTaggedSubsetted()
    {
        var client = _factory.CreateClient();
        var patient = NewPatient("Summary", "Sam");
        patient.Photo.Add(new Attachment { ContentType = "image/png", Data = [1, 2, 3] });
        await client.CreateAsync(patient);

        var bundle = await client.SearchAsync("/fhir/Patient?_summary=true");

        var found = Assert.IsType<Patient>(Assert.Single(bundle.Entry).Resource);
        Assert.Empty(found.Photo);
        Assert.Equal("Summary", found.Name[0].Family);
        Assert.Contains(found.Meta!.Tag, t => t.Code == "SUBSETTED");
    }

    [Fact]
    public async Task Elements_KeepsOnlyTheNamedElements()
    {
        var client = _factory.CreateClient();
        await client.CreateAsync(NewPatient("Elements", "Eve", AdministrativeGender.Female, "1999-09-09"));

        var bundle = await client.SearchAsync("/fhir/Patient?_elements=gender");

        var found = Assert.IsType<Patient>(Assert.Single(bundle.Entry).Resource);
        Assert.Equal(AdministrativeGender.Female, found.Gender);
        Assert.Empty(found.Name);
        Assert.Null(found.BirthDate);
        Assert.Contains(found.Meta!.Tag, t => t.Code == "SUBSETTED");
    }

    [Fact]
    public async Task UnknownParameter_IsIgnoredAndReportedInAnOutcomeEntry()
    {
        var client = _factory.CreateClient();
        await client.CreateAsync(NewPatient("Lenient"));

        var bundle = await client.SearchAsync("/fhir/Patient?family=lenient&colour=blue");

        Assert.Equal(1, bundle.Total);
        var outcome = Assert.IsType<OperationOutcome>(Assert.Single(bundle.WithMode(Bundle.SearchEntryMode.Outcome)).Resource);
        Assert.Contains(outcome.Issue, i => (i.Diagnostics ?? "").Contains("colour", StringComparison.Ordinal));
        Assert.DoesNotContain(bundle.Link, l => (l.Url ?? "").Contains("colour", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownParameter_WithStrictHandling_IsBadRequest()
    {
        var client = _factory.CreateClient();

        var outcome = await client.ExpectOutcomeAsync("/fhir/Patient?colour=blue", HttpStatusCode.BadRequest, "handling=strict");

        Assert.Contains(outcome.Issue, i => (i.Diagnostics ?? "").Contains("colour", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Patient?birthdate=2024-13-45", "birthdate")]
    [InlineData("Patient?birthdate=xx2024", "birthdate")]
    [InlineData("RiskAssessment?probability=lots", "probability")]
    [InlineData("RiskAssessment?probability=zz0.5", "probability")]
    [InlineData("Observation?value-quantity=5|kg", "value-quantity")]
    [InlineData("Patient?name:sounds-like=smith", "name")]
    [InlineData("Patient?gender:missing=maybe", "gender")]
    [InlineData("Patient?_count=-1", "_count")]
    public async Task MalformedValue_IsBadRequestNamingTheParameter(string query, string parameter)
    {
        var client = _factory.CreateClient();

        var outcome = await client.ExpectOutcomeAsync("/fhir/" + query, HttpStatusCode.BadRequest);

        Assert.Contains(outcome.Issue, i => (i.Diagnostics ?? "").Contains(parameter, StringComparison.Ordinal));
    }

    public void Dispose() => _factory.Dispose();
}
