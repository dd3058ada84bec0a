using System.Net;
using System.Text;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

/// <summary>Small HTTP helpers for the search tests: create resources, run searches, read bundles and outcomes.</summary>
internal static class SearchTestHelpers
{
    public const string FhirJson = "application/fhir+json";

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    public static async Task<T> CreateAsync<T>(this HttpClient client, T resource, string basePath = "/fhir", string? ifNoneExist = null)
        where T : Resource
    {
        var (status, created) = await client.CreateWithStatusAsync(resource, basePath, ifNoneExist);
        Assert.True(status is HttpStatusCode.Created or HttpStatusCode.OK, $"Create of {resource.TypeName} returned {status}.");
        return created;
    }

    public static async Task<(HttpStatusCode Status, T Resource)> CreateWithStatusAsync<T>(this HttpClient client, T resource, string basePath = "/fhir", string? ifNoneExist = null)
        where T : Resource
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{basePath}/{resource.TypeName}", UriKind.Relative))
        {
            Content = new StringContent(FhirSerializer.Instance.ToStorageJson(resource), Encoding.UTF8, FhirJson),
        };
        if (ifNoneExist is not null)
        {
            request.Headers.Add("If-None-Exist", ifNoneExist);
        }

        using var response = await client.SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.IsSuccessStatusCode, $"Create of {resource.TypeName} returned {response.StatusCode}: {body}");
        return (response.StatusCode, (T)FhirSerializer.Instance.Parse(body, FhirFormat.Json));
    }

    /// <summary>GET a search (relative or absolute URL); asserts 200 and returns the searchset bundle.</summary>
    public static async Task<Bundle> SearchAsync(this HttpClient client, string url, string? prefer = null)
    {
        var (status, resource) = await client.GetResourceAsync(url, prefer);
        Assert.True(status == HttpStatusCode.OK, $"GET {url} returned {status}: {(resource as OperationOutcome)?.Issue.FirstOrDefault()?.Diagnostics}");
        var bundle = Assert.IsType<Bundle>(resource);
        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        return bundle;
    }

    public static async Task<(HttpStatusCode Status, Resource? Resource)> GetResourceAsync(this HttpClient client, string url, string? prefer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.RelativeOrAbsolute));
        request.Headers.Add("Accept", FhirJson);
        if (prefer is not null)
        {
            request.Headers.Add("Prefer", prefer);
        }

        using var response = await client.SendAsync(request, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        return (response.StatusCode, body.Length == 0 ? null : FhirSerializer.Instance.Parse(body, FhirFormat.Json));
    }

    public static async Task<Bundle> PostSearchAsync(this HttpClient client, string path, IEnumerable<KeyValuePair<string, string>> form)
    {
        using var content = new FormUrlEncodedContent(form);
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content, Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {path} returned {response.StatusCode}: {body}");
        return Assert.IsType<Bundle>(FhirSerializer.Instance.Parse(body, FhirFormat.Json));
    }

    public static IEnumerable<Bundle.EntryComponent> WithMode(this Bundle bundle, Bundle.SearchEntryMode mode) =>
        bundle.Entry.Where(e => e.Search?.Mode == mode);

    /// <summary>Ids of the match entries, in bundle order.</summary>
    public static List<string> MatchIds(this Bundle bundle) =>
        bundle.WithMode(Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id!).ToList();

    public static List<string> IncludedKeys(this Bundle bundle) =>
        bundle.WithMode(Bundle.SearchEntryMode.Include).Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").Order(StringComparer.Ordinal).ToList();

    public static string? NextLink(this Bundle bundle) => bundle.Link.FirstOrDefault(l => l.Relation == "next")?.Url;

    public static Patient NewPatient(string family, string? given = null, AdministrativeGender? gender = null, string? birthDate = null) => new()
    {
        Name = [new HumanName { Family = family, Given = given is null ? [] : [given] }],
        Gender = gender,
        BirthDate = birthDate,
    };

    public static Observation NewObservation(string code, string subject, decimal? value = null, string? encounter = null) => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", code),
        Subject = new ResourceReference(subject),
        Encounter = encounter is null ? null : new ResourceReference(encounter),
        Value = value is null ? null : new Quantity { Value = value, Unit = "/min", System = "http://unitsofmeasure.org", Code = "/min" },
    };

    public static async Task<OperationOutcome> ExpectOutcomeAsync(this HttpClient client, string url, HttpStatusCode expected, string? prefer = null)
    {
        var (status, resource) = await client.GetResourceAsync(url, prefer);
        Assert.Equal(expected, status);
        return Assert.IsType<OperationOutcome>(resource);
    }
}
