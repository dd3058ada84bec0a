using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;
using Task = System.Threading.Tasks.Task;

namespace Herald.LoadTest.Scenarios;

/// <summary>What the fault scenarios share: a topic and rest-hook subscription, writers, $events, the report.</summary>
public static class FaultHarness
{
    private const string Ext = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.";
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private const string TopicUrl = "http://example.org/topics/loadtest-encounter";

    public static async Task<string> SubscribeAsync(HttpClient client, string endpoint)
    {
        var topic = $$"""
            {"resourceType":"Basic","code":{"coding":[{"system":"http://hl7.org/fhir/fhir-types","code":"SubscriptionTopic"}]},"extension":[
             {"url":"{{Ext}}url","valueUri":"{{TopicUrl}}"},{"url":"{{Ext}}status","valueCode":"active"},
             {"url":"{{Ext}}resourceTrigger","extension":[{"url":"resource","valueUri":"http://hl7.org/fhir/StructureDefinition/Encounter"},{"url":"supportedInteraction","valueCode":"create"}]}]}
            """;
        await PostAsync(client, "/fhir/Basic", topic);
        var subscription = $$"""
            {"resourceType":"Subscription","status":"requested","reason":"load test","criteria":"{{TopicUrl}}",
             "channel":{"type":"rest-hook","endpoint":"{{endpoint}}","payload":"application/fhir+json",
             "_payload":{"extension":[{"url":"{{Backport}}backport-payload-content","valueCode":"id-only"}]}
            """ + "}}";
        var created = await PostAsync(client, "/fhir/Subscription", subscription);
        return created.Headers.Location!.ToString().Split("/Subscription/")[1].Split('/')[0];
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/fhir+json");
        var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    }

    /// <summary>Creates Encounters until stopped; records the id of every write answered 201.</summary>
    public static async Task WriteAsync(HttpClient client, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        const string body = """{"resourceType":"Encounter","status":"in-progress","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}}""";
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/fhir+json");
                using var response = await client.PostAsync(new Uri("/fhir/Encounter", UriKind.Relative), content, CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(response.Headers.Location!.ToString().Split("/Encounter/")[1].Split('/')[0]);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                await Task.Delay(20, CancellationToken.None); // killed mid-request: outcome unknown
            }
        }
    }

    /// <summary>Every stored event (number, focus "Encounter/id") via $events, 1000 per call.</summary>
    public static async Task<List<(long Number, string Focus)>> EventsAsync(HttpClient client, string subscriptionId)
    {
        var rows = new List<(long, string)>();
        while (true)
        {
            var json = await client.GetStringAsync(new Uri($"/fhir/Subscription/{subscriptionId}/$events?eventsSinceNumber={rows.Count + 1}&content=id-only", UriKind.Relative));
            var status = (Parameters)((Bundle)FhirSerializer.Instance.Parse(json, FhirFormat.Json)).Entry[0].Resource!;
            var page = status.Parameter.Where(p => p.Name == "notification-event").Select(p => (
                long.Parse(p.Part.Single(x => x.Name == "event-number").Value!.ToString()!, CultureInfo.InvariantCulture),
                string.Join('/', ((ResourceReference)p.Part.Single(x => x.Name == "focus").Value!).Reference!.Split('/')[^2..]))).ToList();
            if (page.Count == 0)
            {
                return rows;
            }

            rows.AddRange(page);
        }
    }

    public static async Task<bool> WaitUntilAsync(Func<bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }

    /// <summary>Prints the table, writes bench/results/&lt;scenario&gt;-&lt;time&gt;.json; returns the exit code (1 when anything is lost).</summary>
    public static int Report(string scenario, IReadOnlyList<(string Name, object Value)> rows, long lost)
    {
        Console.WriteLine($"scenario: {scenario}");
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"  {name,-28} {value}");
        }

        Console.WriteLine($"  {"lost:",-28} {lost}");
        var root = BenchRunner.FindRepoRoot();
        var folder = Path.Combine(root, "bench", "results");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{scenario}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        var document = rows.ToDictionary(r => r.Name.TrimEnd(':'), r => r.Value);
        document["lost"] = lost;
        document["scenario"] = scenario;
        File.WriteAllText(file, JsonSerializer.Serialize(document, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"results: {Path.GetRelativePath(root, file)}");
        return lost == 0 ? 0 : 1;
    }
}
