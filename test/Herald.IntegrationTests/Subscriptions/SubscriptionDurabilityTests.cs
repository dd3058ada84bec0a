using static Herald.IntegrationTests.Subscriptions.SubscriptionFixtures;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.Subscriptions;

/// <summary>Event numbers are gapless under concurrency and survive a restart.</summary>
public sealed class SubscriptionDurabilityTests
{
    [Fact]
    public async Task ParallelWriters_ProduceEventNumbersOneToNWithoutGapOrDuplicate()
    {
        var (factory, channel) = Host();
        using (factory)
        {
            var client = factory.CreateClient();
            var subscription = await client.SubscribeAsync(Subscription(), EncounterTopic());
            const int writers = 8;
            const int perWriter = 500;
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                var own = factory.CreateClient();
                for (var i = 0; i < perWriter; i++)
                {
                    using var response = await own.PostFhirAsync("/fhir/Encounter", Encounter($"w{w}").ToJson());
                    response.EnsureSuccessStatusCode();
                }
            })));

            var notifications = await channel.WaitForEventsAsync(subscription.Id, writers * perWriter, TimeSpan.FromMinutes(5));

            var numbers = SubscriptionTestClient.EventNumbers(notifications);
            Assert.Equal(Enumerable.Range(1, writers * perWriter).Select(n => (long)n), numbers);
        }
    }

    [Fact]
    public async Task Restart_InTheMiddleOfAWriteStream_LosesAndRenumbersNothing()
    {
        var (first, firstChannel) = Host();
        first.KeepData = true;
        string subscriptionId;
        using (first)
        {
            var client = first.CreateClient();
            subscriptionId = (await client.SubscribeAsync(Subscription(), EncounterTopic())).Id;
            for (var i = 0; i < 30; i++)
            {
                await client.CreateAsync(Encounter("p"));
            }
        }

        // Whatever the first host delivered before it stopped, the second delivers the rest.
        var delivered = SubscriptionTestClient.EventNumbers(firstChannel.For(subscriptionId));
        var (second, secondChannel) = Host(first.DataDir);
        second.KeepData = false;
        using (second)
        {
            var client = second.CreateClient();
            for (var i = 0; i < 30; i++)
            {
                await client.CreateAsync(Encounter("p"));
            }

            await secondChannel.WaitForEventsAsync(subscriptionId, 60);
            var all = delivered.Concat(SubscriptionTestClient.EventNumbers(secondChannel.For(subscriptionId))).Distinct().Order().ToList();
            Assert.Equal(Enumerable.Range(1, 60).Select(n => (long)n), all);

            using var status = await client.GetFhirAsync($"/fhir/Subscription/{subscriptionId}/$status");
            var parameters = (Hl7.Fhir.Model.Parameters)(await status.ReadAsync<Hl7.Fhir.Model.Bundle>()).Entry[0].Resource;
            Assert.Equal("60", parameters.ParameterValue("events-since-subscription-start"));
        }
    }
}
