using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Herald.IntegrationTests.Subscriptions;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.BadInput;

/// <summary>
/// Thousands of generated malformed requests against one in-process Herald: none may get a 5xx,
/// every 4xx carries an OperationOutcome, the default tenant's change_log is untouched, and the
/// server still serves a valid request at the end.
/// </summary>
public sealed class BadInputSweepTests : IDisposable
{
    private readonly HeraldFactory _factory = new(new Dictionary<string, string?>
    {
        ["Herald:BaseUrl"] = "http://localhost",
        ["Herald:AllowPrivateEndpoints"] = "true",
        ["Herald:AllowFullResourceOverHttp"] = "true",
    });

    private readonly HttpClient _client;

    public BadInputSweepTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task GeneratedMalformedRequests_NeverGet5xx_AlwaysGetOutcomes_AndStoreNothing()
    {
        var subscriptionId = await SeedAsync();
        var before = DefaultTenantRows(subscriptionId);
        var corpus = BadInputCorpus.Generate();
        Assert.True(corpus.Count >= 3000, $"the corpus has only {corpus.Count} requests");

        var failures = new ConcurrentBag<string>();
        var writers = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        await Parallel.ForEachAsync(corpus, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (bad, token) =>
            {
                var problem = await CheckAsync(bad, statuses, writers, token);
                if (problem is not null)
                {
                    failures.Add($"{problem}\n    {bad.Describe()}");
                }
            });

        Assert.True(failures.IsEmpty, $"{failures.Count} of {corpus.Count} requests failed:\n" + string.Join('\n', failures.Take(60)));
        var after = DefaultTenantRows(subscriptionId);
        Assert.True(before.SequenceEqual(after), "the default tenant changed: " + string.Join("; ", after.Except(before).Take(5))
            + "\nrequests that created something:\n" + string.Join('\n', writers.Take(40)));
        using var created = await _client.PostFhirAsync("/fhir/Patient", FhirTestClient.PatientJson(family: "AfterTheStorm"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var read = await _client.GetFhirAsync("/fhir/Patient/p1");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(statuses.Keys.Any(s => s is >= 400 and < 500), "no request was rejected at all");
    }

    [Fact]
    public void Corpus_IsDeterministic_ForAFixedSeed()
    {
        var first = BadInputCorpus.Generate().Select(r => r.Describe()).ToList();
        var second = BadInputCorpus.Generate().Select(r => r.Describe()).ToList();

        Assert.Equal(first, second);
    }

    private async Task<string?> CheckAsync(BadRequest bad, ConcurrentDictionary<int, int> statuses, ConcurrentBag<string> writers, CancellationToken token)
    {
        if (bad.Path.Split('?')[0].Contains("%00", StringComparison.Ordinal))
        {
            // TestServer refuses a NUL in the decoded path on the client side; Kestrel answers 400
            // before any Herald code runs. Nothing to learn in-process.
            return null;
        }

        HttpRequestMessage request;
        try
        {
            request = Build(bad);
        }
        catch (Exception e) when (e is UriFormatException or FormatException or ArgumentException)
        {
            return null; // The client cannot even express it; nothing reaches the server.
        }

        using (request)
        {
            HttpResponseMessage response;
            try
            {
                response = await _client.SendAsync(request, token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
            {
                return $"exception escaped the server: {e.GetType().Name}: {e.Message}";
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (!bad.MayWrite && status < 300 && bad.Method != "GET"
                    && (status == 201 || bad.Method is "PUT" or "PATCH" or "DELETE" || (await response.Content.ReadAsStringAsync(token)).Contains("\"status\":\"201", StringComparison.Ordinal)))
                {
                    writers.Add(bad.Category.StartsWith("tran", StringComparison.Ordinal) || bad.Category.StartsWith("bat", StringComparison.Ordinal) ? bad.Describe() + " ..." + System.Text.Encoding.UTF8.GetString(bad.Body![^250..]) : bad.Describe());
                }

                if (status >= 500)
                {
                    return $"{status}: {await response.Content.ReadAsStringAsync(token)}";
                }

                if (status is >= 400 and < 500 && bad.Method != "HEAD")
                {
                    return await OutcomeProblemAsync(response, token);
                }

                return null;
            }
        }
    }

    private static HttpRequestMessage Build(BadRequest bad)
    {
        var request = new HttpRequestMessage(new HttpMethod(bad.Method), new Uri(bad.Path, UriKind.Relative));
        if (bad.Body is not null)
        {
            request.Content = new ByteArrayContent(bad.Body);
            if (bad.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", bad.ContentType);
            }
        }

        foreach (var (name, value) in bad.Headers ?? [])
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static async Task<string?> OutcomeProblemAsync(HttpResponseMessage response, CancellationToken token)
    {
        var body = await response.Content.ReadAsStringAsync(token);
        var format = response.Content.Headers.ContentType?.MediaType?.Contains("xml", StringComparison.Ordinal) == true ? FhirFormat.Xml : FhirFormat.Json;
        try
        {
            return FhirSerializer.Instance.Parse(body, format) is OperationOutcome { Issue.Count: > 0 }
                ? null
                : $"{(int)response.StatusCode} without an OperationOutcome: {body[..Math.Min(body.Length, 300)]}";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"{(int)response.StatusCode} with an unparseable body ({response.Content.Headers.ContentType}): {body[..Math.Min(body.Length, 300)]}";
        }
    }

    /// <summary>Known starting state: Patient/p1 in both tenants, a topic and Subscription/sub1 in the default one.</summary>
    private async Task<string> SeedAsync()
    {
        foreach (var fhirBase in new[] { BadRequest.Base, BadRequest.ScratchBase })
        {
            using var patient = await _client.PutFhirAsync($"{fhirBase}/Patient/p1", FhirTestClient.PatientJson("p1"));
            Assert.Equal(HttpStatusCode.Created, patient.StatusCode);
        }

        await _client.CreateAsync(SubscriptionFixtures.EncounterTopic());
        var subscription = RestHook.RestHookFixtures.RestHookSubscription("http://127.0.0.1:9/hook");
        subscription.Id = "sub1";
        using var response = await _client.PutFhirAsync("/fhir/Subscription/sub1", subscription.ToJson());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return "sub1";
    }

    /// <summary>The default tenant's change_log, without the seeded subscription (the dispatcher updates its status on its own).</summary>
    private List<ChangeLogRow> DefaultTenantRows(string subscriptionId) =>
        FhirTestClient.ReadChangeLog(_factory.DatabasePath)
            .Where(r => r.Tenant == Herald.Core.Tenancy.Tenant.Default && !(r.Type == "Subscription" && r.Id == subscriptionId))
            .ToList();

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
