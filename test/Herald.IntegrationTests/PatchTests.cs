using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests;

public sealed class PatchTests : IDisposable
{
    private const string JsonPatch = "application/json-patch+json";
    private readonly HeraldFactory _factory = new();
    private readonly HttpClient _client;

    public PatchTests() => _client = _factory.CreateClient();

    private Task<HttpResponseMessage> PatchAsync(string path, string body, string contentType = JsonPatch, params (string, string)[] headers) =>
        _client.SendFhirAsync(HttpMethod.Patch, path, body, contentType, headers);

    [Fact]
    public async Task JsonPatch_ReplacesAndAdds_NewVersionIsStored()
    {
        var created = await _client.CreatePatientAsync(family: "Before");

        using var response = await PatchAsync($"/fhir/Patient/{created.Id}",
            """[{"op":"replace","path":"/name/0/family","value":"After"},{"op":"add","path":"/birthDate","value":"1990-05-01"}]""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal(("After", "1990-05-01", "2"), (patient.Name[0].Family, patient.BirthDate, patient.Meta!.VersionId));
        Assert.Equal([1, 2], FhirTestClient.ReadChangeLog(_factory.DatabasePath).Select(r => r.Interaction));
    }

    [Fact]
    public async Task JsonPatch_FailedTest_Is422AndChangesNothing()
    {
        var created = await _client.CreatePatientAsync(family: "Before");

        using var response = await PatchAsync($"/fhir/Patient/{created.Id}",
            """[{"op":"test","path":"/name/0/family","value":"Other"},{"op":"remove","path":"/name"}]""");

        await response.AssertOutcomeAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single(FhirTestClient.ReadChangeLog(_factory.DatabasePath));
    }

    [Theory]
    [InlineData("""[{"op":"replace","path":"/id","value":"other"}]""")]
    [InlineData("""[{"op":"replace","path":"/resourceType","value":"Observation"}]""")]
    [InlineData("""[{"op":"add","path":"/bogus","value":1}]""")]
    [InlineData("""[{"op":"replace","path":"/gender","value":"robot"}]""")]
    public async Task JsonPatch_InvalidResult_Is422(string patch)
    {
        var created = await _client.CreatePatientAsync();

        using var response = await PatchAsync($"/fhir/Patient/{created.Id}", patch);

        await response.AssertOutcomeAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Single(FhirTestClient.ReadChangeLog(_factory.DatabasePath));
    }

    [Fact]
    public async Task JsonPatch_MalformedDocument_Is400()
    {
        var created = await _client.CreatePatientAsync();

        using var response = await PatchAsync($"/fhir/Patient/{created.Id}", """{"op":"add"}""");

        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Patch_HonoursIfMatch()
    {
        var created = await _client.CreatePatientAsync();
        const string patch = """[{"op":"add","path":"/active","value":true}]""";

        using var stale = await PatchAsync($"/fhir/Patient/{created.Id}", patch, JsonPatch, ("If-Match", "W/\"2\""));
        using var current = await PatchAsync($"/fhir/Patient/{created.Id}", patch, JsonPatch, ("If-Match", "W/\"1\""));

        await stale.AssertOutcomeAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task Patch_UnknownResource_Is404()
    {
        using var response = await PatchAsync("/fhir/Patient/nope", """[{"op":"add","path":"/active","value":true}]""");

        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task FhirPathPatch_AddReplaceInsertDeleteMove()
    {
        var created = await _client.CreatePatientAsync(family: "First");
        var parameters = new Parameters();
        parameters.Parameter.Add(Operation("replace", "Patient.name[0].family", value: new FhirString("Renamed")));
        parameters.Parameter.Add(Operation("add", "Patient", name: "gender", value: new Code("female")));
        parameters.Parameter.Add(Operation("insert", "Patient.name", index: 0, parts:
        [
            new Parameters.ParameterComponent { Name = "family", Value = new FhirString("Inserted") },
            new Parameters.ParameterComponent { Name = "given", Value = new FhirString("Ann") },
        ]));
        parameters.Parameter.Add(Operation("add", "Patient", name: "identifier", parts:
        [
            new Parameters.ParameterComponent { Name = "system", Value = new FhirUri("http://example.org/mrn") },
            new Parameters.ParameterComponent { Name = "value", Value = new FhirString("77") },
        ]));
        parameters.Parameter.Add(Operation("move", "Patient.name", source: 1, destination: 0));
        parameters.Parameter.Add(Operation("delete", "Patient.telecom"));

        using var response = await PatchAsync($"/fhir/Patient/{created.Id}", Json(parameters), FhirTestClient.FhirJson);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.BodyAsync());
        var patient = await response.ReadAsync<Patient>();
        Assert.Equal(["Renamed", "Inserted"], patient.Name.Select(n => n.Family));
        Assert.Equal("Ann", patient.Name[1].Given.Single());
        Assert.Equal(AdministrativeGender.Female, patient.Gender);
        Assert.Equal("77", patient.Identifier.Single().Value);
        using var search = await _client.GetFhirAsync("/fhir/Patient?identifier=http://example.org/mrn|77");
        Assert.Equal(1, (await search.ReadAsync<Bundle>()).Total);
    }

    [Fact]
    public async Task FhirPathPatch_UnsupportedOperation_Is400()
    {
        var created = await _client.CreatePatientAsync();
        var parameters = new Parameters();
        parameters.Parameter.Add(Operation("frobnicate", "Patient.name"));

        using var response = await PatchAsync($"/fhir/Patient/{created.Id}", Json(parameters), FhirTestClient.FhirJson);

        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Contains("frobnicate", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_InTransaction_WithBinaryJsonPatch()
    {
        var created = await _client.CreatePatientAsync(family: "Before");
        var binary = new Binary { ContentType = JsonPatch, Data = System.Text.Encoding.UTF8.GetBytes("""[{"op":"replace","path":"/name/0/family","value":"Tx"}]""") };
        var body = BundleJson.Transaction(BundleJson.Entry(Bundle.HTTPVerb.PATCH, $"Patient/{created.Id}", binary));

        using var response = await _client.PostFhirAsync("/fhir", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bundle = await response.ReadAsync<Bundle>();
        Assert.Equal("Tx", Assert.IsType<Patient>(bundle.Entry[0].Resource).Name[0].Family);
        Assert.Equal("W/\"2\"", bundle.Entry[0].Response!.Etag);
    }

    private static Parameters.ParameterComponent Operation(string type, string path, string? name = null, DataType? value = null,
        int? index = null, int? source = null, int? destination = null, List<Parameters.ParameterComponent>? parts = null)
    {
        var operation = new Parameters.ParameterComponent { Name = "operation" };
        operation.Part.Add(new Parameters.ParameterComponent { Name = "type", Value = new Code(type) });
        operation.Part.Add(new Parameters.ParameterComponent { Name = "path", Value = new FhirString(path) });
        if (name is not null)
        {
            operation.Part.Add(new Parameters.ParameterComponent { Name = "name", Value = new FhirString(name) });
        }

        if (value is not null || parts is not null)
        {
            operation.Part.Add(new Parameters.ParameterComponent { Name = "value", Value = value, Part = parts ?? [] });
        }

        foreach (var (partName, number) in new[] { ("index", index), ("source", source), ("destination", destination) })
        {
            if (number is { } n)
            {
                operation.Part.Add(new Parameters.ParameterComponent { Name = partName, Value = new Integer(n) });
            }
        }

        return operation;
    }

    private static string Json(Resource resource) =>
        System.Text.Json.JsonSerializer.Serialize(resource, resource.GetType(), new System.Text.Json.JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector));

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
