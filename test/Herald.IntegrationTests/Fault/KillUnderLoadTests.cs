using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.RestHook;
using Herald.IntegrationTests.Subscriptions;
using Task = System.Threading.Tasks.Task;

using Herald.TestSupport;

namespace Herald.IntegrationTests.Fault;

/// <summary>
/// A reduced run of the kill -9 scenario: a real Herald process is SIGKILLed several times
/// while writers run; afterwards every acknowledged write has exactly one event, the event
/// numbers are gapless and every event reached the rest-hook receiver at least once.
/// </summary>
public sealed class KillUnderLoadTests : IAsyncLifetime
{
    private const int Kills = 3;
    private const int Writers = 4;
    private readonly HeraldProcess _herald = new();
    private readonly TestReceiver _receiver = new();
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask InitializeAsync()
    {
        await _receiver.StartAsync();
        await _herald.StartAsync(TestContext.Current.CancellationToken);
        _client.BaseAddress = new Uri(_herald.BaseUrl);
    }

    [Fact]
    public async Task KillNineUnderLoad_EveryAcknowledgedWriteHasOneEvent_GaplessAndDelivered()
    {
        var token = TestContext.Current.CancellationToken;
        var subscription = await _client.SubscribeAsync(RestHookFixtures.RestHookSubscription(_receiver.Url), SubscriptionFixtures.EncounterTopic());
        Assert.True(await TestReceiver.WaitUntilAsync(() => _receiver.OfType("handshake").Count > 0));

        var acknowledged = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(() => WriteUntilStoppedAsync(acknowledged, stop.Token), token)).ToList();
        for (var kill = 0; kill < Kills; kill++)
        {
            var target = acknowledged.Count + 150;
            Assert.True(await TestReceiver.WaitUntilAsync(() => acknowledged.Count >= target), "writers made no progress");
            await _herald.KillAsync();
            await Task.Delay(100, token);
            await _herald.StartAsync(token);
        }

        var final = acknowledged.Count + 150;
        Assert.True(await TestReceiver.WaitUntilAsync(() => acknowledged.Count >= final), "writers made no progress after the last restart");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        var events = await ReadAllEventsAsync(subscription.Id, token);
        var total = events.Count;
        Assert.True(await TestReceiver.WaitUntilAsync(() => _receiver.AcceptedEventNumbers().Distinct().Count() >= total, TimeSpan.FromSeconds(90)),
            $"delivery did not catch up: {_receiver.AcceptedEventNumbers().Distinct().Count()} of {total}");

        var numbers = events.Select(e => e.Number).ToList();
        Assert.Equal(Enumerable.Range(1, total).Select(n => (long)n), numbers);
        var byFocus = events.GroupBy(e => e.Focus).ToDictionary(g => g.Key, g => g.Count());
        var missing = acknowledged.Where(id => !byFocus.ContainsKey($"Encounter/{id}")).ToList();
        Assert.True(missing.Count == 0, $"lost: {missing.Count} acknowledged writes without an event, e.g. {string.Join(", ", missing.Take(5))}");
        Assert.All(byFocus, pair => Assert.True(pair.Value == 1, $"{pair.Key} has {pair.Value} events"));
        var accepted = _receiver.AcceptedEventNumbers();
        Assert.Empty(numbers.Except(accepted));
        Assert.True(_herald.Starts == Kills + 1);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"kills: {Kills}, acknowledged writes: {acknowledged.Count}, events: {total}, lost: 0, duplicates delivered: {accepted.Count - accepted.Distinct().Count()}");
    }

    private async Task WriteUntilStoppedAsync(ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        var body = SubscriptionFixtures.Encounter("p").ToJson();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await _client.PostFhirAsync("/fhir/Encounter", body);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    acknowledged.Add(response.Headers.Location!.ToString().Split("/Encounter/")[1].Split('/')[0]);
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Killed mid-request: the outcome is unknown, so it is neither counted nor required.
                await Task.Delay(20, CancellationToken.None);
            }
        }
    }

    private sealed record EventRow(long Number, string Focus);

    /// <summary>Every stored event of the subscription, via $events pages of up to 1000.</summary>
    private async Task<List<EventRow>> ReadAllEventsAsync(string subscriptionId, CancellationToken token)
    {
        var rows = new List<EventRow>();
        while (true)
        {
            using var response = await _client.GetFhirAsync($"/fhir/Subscription/{subscriptionId}/$events?eventsSinceNumber={rows.Count + 1}&content=id-only");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var bundle = await response.ReadAsync<Bundle>();
            var page = SubscriptionTestClient.StatusOf(bundle).Parameter.Where(p => p.Name == "notification-event")
                .Select(p => new EventRow(
                    long.Parse(p.Part.Single(x => x.Name == "event-number").Value.ToString()!, CultureInfo.InvariantCulture),
                    RelativeFocus(((ResourceReference)p.Part.Single(x => x.Name == "focus").Value).Reference)))
                .ToList();
            if (page.Count == 0)
            {
                return rows;
            }

            rows.AddRange(page);
        }
    }

    private static string RelativeFocus(string reference) => string.Join('/', reference.Split('/')[^2..]);

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _herald.DisposeAsync();
        await _receiver.DisposeAsync();
    }
}
