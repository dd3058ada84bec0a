using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Data.Sqlite;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

/// <summary>Shared HTTP and FHIR helpers, so test classes only say what they check.</summary>
internal static class FhirTestClient
{
    public const string FhirJson = "application/fhir+json";
    public const string FhirXml = "application/fhir+xml";

    private static readonly FhirJsonDeserializer JsonParser = new(new DeserializerSettings());
    private static readonly FhirXmlDeserializer XmlParser = new(new DeserializerSettings());
    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new System.Text.Json.JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Sends a request; <paramref name="headers"/> are added without validation (so malformed ones go out as given).</summary>
    public static async Task<HttpResponseMessage> SendFhirAsync(
        this HttpClient client,
        HttpMethod method,
        string path,
        string? body = null,
        string contentType = FhirJson,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.RelativeOrAbsolute));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        var response = await client.SendAsync(request, Token);
        await response.Content.LoadIntoBufferAsync(Token);
        return response;
    }

    public static Task<HttpResponseMessage> GetFhirAsync(this HttpClient client, string path, params (string Name, string Value)[] headers) =>
        client.SendFhirAsync(HttpMethod.Get, path, null, FhirJson, headers);

    public static Task<HttpResponseMessage> PostFhirAsync(this HttpClient client, string path, string body, params (string Name, string Value)[] headers) =>
        client.SendFhirAsync(HttpMethod.Post, path, body, FhirJson, headers);

    public static Task<HttpResponseMessage> PutFhirAsync(this HttpClient client, string path, string body, params (string Name, string Value)[] headers) =>
        client.SendFhirAsync(HttpMethod.Put, path, body, FhirJson, headers);

    public static Task<HttpResponseMessage> DeleteFhirAsync(this HttpClient client, string path, params (string Name, string Value)[] headers) =>
        client.SendFhirAsync(HttpMethod.Delete, path, null, FhirJson, headers);

    public static Task<string> BodyAsync(this HttpResponseMessage response) => response.Content.ReadAsStringAsync(Token);

    /// <summary>Parses the body (JSON or XML, by Content-Type) with Firely's strict parser.</summary>
    public static async Task<Resource> ReadResourceAsync(this HttpResponseMessage response)
    {
        var body = await response.BodyAsync();
        return response.Content.Headers.ContentType?.MediaType == FhirXml
            ? XmlParser.DeserializeResource(body)
            : JsonParser.DeserializeResource(body);
    }

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
        where T : Resource => Assert.IsType<T>(await response.ReadResourceAsync());

    /// <summary>Asserts the status and that the body is an OperationOutcome with an error issue.</summary>
    public static async Task<OperationOutcome> AssertOutcomeAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        var outcome = await response.ReadAsync<OperationOutcome>();
        Assert.Contains(outcome.Issue, i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
        Assert.All(outcome.Issue, i => Assert.False(string.IsNullOrWhiteSpace(i.Diagnostics)));
        return outcome;
    }

    public static string PatientJson(string? id = null, string family = "Doe", string? identifierSystem = null, string? identifierValue = null)
    {
        var patient = new Patient { Id = id, Name = [new HumanName { Family = family }] };
        if (identifierValue is not null)
        {
            patient.Identifier.Add(new Identifier(identifierSystem, identifierValue));
        }

        return System.Text.Json.JsonSerializer.Serialize(patient, JsonOptions);
    }

    /// <summary>Creates a Patient and returns the stored resource (with id and meta).</summary>
    public static async Task<Patient> CreatePatientAsync(this HttpClient client, string fhirBase = "/fhir", string family = "Doe",
        string? identifierSystem = null, string? identifierValue = null)
    {
        using var response = await client.PostFhirAsync($"{fhirBase}/Patient", PatientJson(null, family, identifierSystem, identifierValue));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<Patient>();
    }

    /// <summary>Updates a Patient to a new family name and returns the stored version.</summary>
    public static async Task<Patient> UpdatePatientAsync(this HttpClient client, string? id, string family, string fhirBase = "/fhir")
    {
        using var response = await client.PutFhirAsync($"{fhirBase}/Patient/{id}", PatientJson(id, family));
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"PUT returned {response.StatusCode}");
        return await response.ReadAsync<Patient>();
    }

    /// <summary>Reads every page of a history bundle by following next links.</summary>
    public static async Task<List<Bundle.EntryComponent>> ReadAllHistoryAsync(this HttpClient client, string url)
    {
        var entries = new List<Bundle.EntryComponent>();
        string? next = url;
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 1000, "history paging did not terminate");
            using var response = await client.GetFhirAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bundle = await response.ReadAsync<Bundle>();
            Assert.Equal(Bundle.BundleType.History, bundle.Type);
            entries.AddRange(bundle.Entry);
            next = bundle.NextLink?.ToString();
        }

        return entries;
    }

    /// <summary>How many versions the system history of a base holds: a before/after check that nothing was stored.</summary>
    public static async Task<int> SystemHistoryCountAsync(this HttpClient client, string fhirBase = "/fhir") =>
        (await client.ReadAllHistoryAsync($"{fhirBase}/_history?_count=1000")).Count;

    /// <summary>The change_log table as committed, in rowid order, read straight from the SQLite file.</summary>
    public static List<ChangeLogRow> ReadChangeLog(string databasePath)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, tenant, type, id, version, interaction, previous_version FROM change_log";
        using var reader = command.ExecuteReader();
        var rows = new List<ChangeLogRow>();
        while (reader.Read())
        {
            rows.Add(new ChangeLogRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetInt64(6)));
        }

        return rows;
    }

    public static string ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? "";
}

/// <summary>One change_log row; Interaction is 1 create, 2 update, 3 delete.</summary>
internal sealed record ChangeLogRow(long Seq, string Tenant, string Type, string Id, long Version, int Interaction, long? PreviousVersion);
