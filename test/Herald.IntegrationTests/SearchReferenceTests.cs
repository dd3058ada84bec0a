using System.Net;
using Hl7.Fhir.Model;
using static Herald.IntegrationTests.SearchTestHelpers;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

/// <summary>Search across references over HTTP: _include/_revinclude (with :iterate), chains, _has, tenants, conditional create.</summary>
public sealed class SearchReferenceTests : IDisposable
{
    private readonly HeraldFactory _factory = new();

    private sealed record Seed(Patient Ann, Patient Bob, Encounter Visit, Observation AnnPulse, Observation BobPulse, Observation AnnWeight);

    private async Task<Seed> SeedAsync(HttpClient client)
    {
        var ann = await client.CreateAsync(NewPatient("Annick", "Ann", AdministrativeGender.Female, "1980-02-03"));
        var bob = await client.CreateAsync(NewPatient("Bobson", "Bob", AdministrativeGender.Male, "1975"));
        var visit = await client.CreateAsync(new Encounter
        {
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Subject = new ResourceReference($"Patient/{ann.Id}"),
        });
        var annPulse = await client.CreateAsync(NewObservation("8867-4", $"Patient/{ann.Id}", 72, $"Encounter/{visit.Id}"));
        var bobPulse = await client.CreateAsync(NewObservation("8867-4", $"Patient/{bob.Id}", 91));
        var annWeight = await client.CreateAsync(NewObservation("29463-7", $"Patient/{ann.Id}"));
        return new Seed(ann, bob, visit, annPulse, bobPulse, annWeight);
    }

    [Fact]
    public async Task Include_AddsReferencedResourcesWithIncludeMode()
    {
        var client = _factory.CreateClient();
        var seed = await SeedAsync(client);

        var bundle = await client.SearchAsync("/fhir/Observation?code=8867-4&_include=Observation:subject");

        Assert.Equal(2, bundle.Total);
        Assert.Equal(new[] { seed.AnnPulse.Id!, seed.BobPulse.Id! }.Order(StringComparer.Ordinal), bundle.MatchIds().Order(StringComparer.Ordinal));
        Assert.All(bundle.WithMode(Bundle.SearchEntryMode.Include), e => Assert.IsType<Patient>(e.Resource));
        Assert.Equal(new[] { $"Patient/{seed.Ann.Id}", $"Patient/{seed.Bob.Id}" }.Order(StringComparer.Ordinal), bundle.IncludedKeys());
    }

    [Fact]
    public async Task RevInclude_AddsReferringResources()
    {
        var client = _factory.CreateClient();
        var seed = await SeedAsync(client);

        var bundle = await client.SearchAsync($"/fhir/Patient?_id={seed.Ann.Id}&_revinclude=Observation:subject");

        Assert.Equal([seed.Ann.Id!], bundle.MatchIds());
        Assert.Equal(new[] { $"Observation/{seed.AnnPulse.Id}", $"Observation/{seed.AnnWeight.Id}" }.Order(StringComparer.Ordinal), bundle.IncludedKeys());
    }

    [Fact]
    public async Task IncludeIterate_FollowsReferencesOfIncludedResources()
    {
        var client = _factory.CreateClient();
        var seed = await SeedAsync(client);

        var once = await client.SearchAsync("/fhir/Observation?_id=" + seed.AnnPulse.Id + "&_include=Observation:encounter&_include=Encounter:subject");
        var iterated = await client.SearchAsync("/fhir/Observation?_id=" + seed.AnnPulse.Id + "&_include=Observation:encounter&_include:iterate=Encounter:subject");

        // Without :iterate, Encounter:subject applies to the matches (Observations) only.
        Assert.Equal([$"Encounter/{seed.Visit.Id}"], once.IncludedKeys());
        Assert.Equal(new[] { $"Encounter/{seed.Visit.Id}", $"Patient/{seed.Ann.Id}" }.Order(StringComparer.Ordinal), iterated.IncludedKeys());
    }

    [Fact]
    public async Task RevIncludeIterate_FollowsReferrersOfIncludedResources()
    {
        var client = _factory.CreateClient();
        var seed = await SeedAsync(client);

        var bundle = await client.SearchAsync($"/fhir/Patient?_id={seed.Ann.Id}&_revinclude=Encounter:subject&_revinclude:iterate=Observation:encounter");

        Assert.Equal([seed.Ann.Id!], bundle.MatchIds());
        Assert.Equal(new[] { $"Encounter/{seed.Visit.Id}", $"Observation/{seed.AnnPulse.Id}" }.Order(StringComparer.Ordinal), bundle.IncludedKeys());
    }

    [Fact]
    public async Task Chain_SubjectPatientName_MatchesObservationsOfThatPatient()
    {
        var client = _factory.CreateClient();
        var seed = await SeedAsync(client);

        var bundle = await client.SearchAsync("/fhir/Observation?subject:Patient.name=annick&code=8867-4");

        Assert.Equal([seed.AnnPulse.Id!], bundle.MatchIds());
    }

    [Fact]
    public async Task Has_ObservationPatientCode_MatchesPatientsWithSuchObservations()
    {
        var client = _factory.CreateClient();
        var seed = await SeedAsync(client);

        var pulse = await client.SearchAsync("/fhir/Patient?_has:Observation:patient:code=8867-4");
        var weight = await client.SearchAsync("/fhir/Patient?_has:Observation:patient:code=29463-7");

        Assert.Equal(new[] { seed.Ann.Id!, seed.Bob.Id! }.Order(StringComparer.Ordinal), pulse.MatchIds().Order(StringComparer.Ordinal));
        Assert.Equal([seed.Ann.Id!], weight.MatchIds());
    }

    [Fact]
    public async Task Search_InOneTenant_DoesNotSeeAnotherTenantsResources()
    {
        var client = _factory.CreateClient();
        var mine = await client.CreateAsync(NewPatient("Tenantson"), "/tenants/alpha/fhir");
        await client.CreateAsync(NewPatient("Tenantson"), "/tenants/beta/fhir");
        await client.CreateAsync(NewObservation("8867-4", $"Patient/{mine.Id}"), "/tenants/beta/fhir");

        var alpha = await client.SearchAsync("/tenants/alpha/fhir/Patient?family=tenantson");
        var byDefault = await client.SearchAsync("/fhir/Patient?family=tenantson");
        var has = await client.SearchAsync("/tenants/alpha/fhir/Patient?_has:Observation:patient:code=8867-4");

        Assert.Equal([mine.Id!], alpha.MatchIds());
        Assert.Contains("/tenants/alpha/fhir/Patient/", Assert.Single(alpha.Entry).FullUrl, StringComparison.Ordinal);
        Assert.Empty(byDefault.Entry);
        Assert.Empty(has.Entry);
    }

    [Fact]
    public async Task ConditionalCreate_WithNameAndBirthdate_ReturnsTheExistingMatch()
    {
        var client = _factory.CreateClient();
        var seed = await SeedAsync(client);

        var (status, existing) = await client.CreateWithStatusAsync(
            NewPatient("Annick", "Ann", AdministrativeGender.Female, "1980-02-03"), ifNoneExist: "name=annick&birthdate=1980-02-03");
        var (createdStatus, created) = await client.CreateWithStatusAsync(
            NewPatient("Annick", "Ann", AdministrativeGender.Female, "1980-02-04"), ifNoneExist: "name=annick&birthdate=1980-02-04");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(seed.Ann.Id, existing.Id);
        Assert.Equal(HttpStatusCode.Created, createdStatus);
        Assert.NotEqual(seed.Ann.Id, created.Id);
        Assert.Equal(2, (await client.SearchAsync("/fhir/Patient?family=annick")).Total);
    }

    [Fact]
    public async Task ConditionalCreate_MatchingSeveral_IsPreconditionFailed()
    {
        var client = _factory.CreateClient();
        await SeedAsync(client);

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/fhir/Patient", UriKind.Relative))
        {
            Content = new StringContent(Herald.Core.Fhir.FhirSerializer.Instance.ToStorageJson(NewPatient("X")), System.Text.Encoding.UTF8, FhirJson),
        };
        request.Headers.Add("If-None-Exist", "birthdate=le1990&gender=female,male");
        using var response = await client.SendAsync(request, Token);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
    }

    public void Dispose() => _factory.Dispose();
}
