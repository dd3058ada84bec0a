using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Herald.Server;

namespace Herald.LoadTest;

/// <summary>
/// Issue 8's measure: resources per second loading one transaction bundle of realistic patient
/// data, next to the same resources created one by one (POST per resource, references filled in
/// by the client once each Patient has its id) against a fresh server in the same run.
/// </summary>
public static class TransactionThroughput
{
    public sealed record Result(string Synchronous, int Round, int Resources, double TransactionSeconds, double OneByOneSeconds, int Clients)
    {
        public double TransactionPerSecond => Resources / TransactionSeconds;

        public double OneByOnePerSecond => Resources / OneByOneSeconds;
    }

    public static async Task<Result> RunAsync(string synchronous, int round, int entries, int clients)
    {
        var items = TransactionBundleGenerator.Generate(entries, seed: (round * 17) + synchronous.Length);
        var warmup = TransactionBundleGenerator.Generate(50, seed: 7 + round);
        var bundle = TransactionBundleGenerator.TransactionJson(items);

        // Alternate which side goes first, so drift on a noisy machine hits both.
        double transaction = 0, oneByOne = 0;
        foreach (var side in round % 2 == 1 ? new[] { "tx", "single" } : ["single", "tx"])
        {
            await WithServerAsync(synchronous, clients, async http =>
            {
                if (side == "tx")
                {
                    await PostTransactionAsync(http, TransactionBundleGenerator.TransactionJson(warmup)).ConfigureAwait(false);
                    var started = Stopwatch.GetTimestamp();
                    await PostTransactionAsync(http, bundle).ConfigureAwait(false);
                    transaction = Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
                else
                {
                    await CreateOneByOneAsync(http, warmup, clients).ConfigureAwait(false);
                    var started = Stopwatch.GetTimestamp();
                    await CreateOneByOneAsync(http, items, clients).ConfigureAwait(false);
                    oneByOne = Stopwatch.GetElapsedTime(started).TotalSeconds;
                }
            }).ConfigureAwait(false);
        }

        return new Result(synchronous, round, items.Count, transaction, oneByOne, clients);
    }

    private static async Task PostTransactionAsync(HttpClient http, string bundle)
    {
        using var content = new StringContent(bundle, Encoding.UTF8, "application/fhir+json");
        using var response = await http.PostAsync(new Uri("", UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST /fhir (transaction) returned {(int)response.StatusCode}: {body[..Math.Min(body.Length, 500)]}");
        }
    }

    /// <summary>Patients first (concurrently), then their observations with the real patient ids filled in.</summary>
    private static async Task CreateOneByOneAsync(HttpClient http, IReadOnlyList<TransactionBundleGenerator.Item> items, int clients)
    {
        var patients = items.Where(i => i.SubjectFullUrl is null).ToList();
        var ids = new string[patients.Count];
        await ConcurrentDriver.RunAsync(patients.Count, clients, async (_, i) =>
        {
            ids[i] = await CreateAsync(http, "Patient", patients[i].Resource.ToJsonString()).ConfigureAwait(false);
        }).ConfigureAwait(false);
        var idByUrl = patients.Select((p, i) => (p.FullUrl, Id: ids[i])).ToDictionary(p => p.FullUrl, p => p.Id);

        var observations = items.Where(i => i.SubjectFullUrl is not null).ToList();
        await ConcurrentDriver.RunAsync(observations.Count, clients, async (_, i) =>
        {
            var resource = observations[i].Resource.DeepClone().AsObject();
            resource["subject"] = new JsonObject { ["reference"] = $"Patient/{idByUrl[observations[i].SubjectFullUrl!]}" };
            await CreateAsync(http, "Observation", resource.ToJsonString()).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task<string> CreateAsync(HttpClient http, string type, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
        using var response = await http.PostAsync(new Uri(type, UriKind.Relative), content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /fhir/{type} returned {(int)response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["id"]!.GetValue<string>();
    }

    private static async Task WithServerAsync(string synchronous, int clients, Func<HttpClient, Task> run)
    {
        var dir = Directory.CreateTempSubdirectory("herald-bench-tx-");
        var port = CreateThroughput.FreeLoopbackPort();
        var app = HeraldApplication.Build(new Dictionary<string, string?>
        {
            ["Herald:Host"] = "127.0.0.1",
            ["Herald:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Herald:DataDir"] = dir.FullName,
            ["Herald:SqliteSynchronous"] = synchronous,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
        });
        try
        {
            await app.StartAsync().ConfigureAwait(false);
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}/fhir/"), Timeout = TimeSpan.FromMinutes(10) };
            await run(http).ConfigureAwait(false);
        }
        finally
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
        }
    }
}
