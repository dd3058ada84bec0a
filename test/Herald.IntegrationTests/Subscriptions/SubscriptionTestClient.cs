using System.Net;
using Hl7.Fhir.Model;
using Herald.Core.Fhir;

namespace Herald.IntegrationTests.Subscriptions;

/// <summary>HTTP helpers for subscription tests.</summary>
public static class SubscriptionTestClient
{
    public static string ToJson(this Resource resource) => FhirSerializer.Instance.Serialize(resource, FhirFormat.Json);

    public static async Task<T> CreateAsync<T>(this HttpClient client, T resource, string fhirBase = "/fhir")
        where T : Resource
    {
        using var response = await client.PostFhirAsync($"{fhirBase}/{resource.TypeName}", resource.ToJson());
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"create {resource.TypeName}: {(int)response.StatusCode} {await response.BodyAsync()}");
        return await response.ReadAsync<T>();
    }

    /// <summary>Creates the topic, then a subscription to it; returns the stored subscription.</summary>
    public static async Task<Subscription> SubscribeAsync(this HttpClient client, Subscription subscription, Basic? topic = null, string fhirBase = "/fhir")
    {
        if (topic is not null)
        {
            await client.CreateAsync(topic, fhirBase);
        }

        return await client.CreateAsync(subscription, fhirBase);
    }

    /// <summary>The event numbers carried by notifications, in the order they were received.</summary>
    public static List<long> EventNumbers(IEnumerable<Herald.Subscriptions.Channels.Notification> notifications) =>
        notifications.SelectMany(n => StatusOf(n.Bundle).Parameter
                .Where(p => p.Name == "notification-event")
                .Select(p => long.Parse(((FhirString)p.Part.Single(x => x.Name == "event-number").Value).Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    public static Parameters StatusOf(Bundle bundle) => (Parameters)bundle.Entry[0].Resource;

    public static string? ParameterValue(this Parameters parameters, string name) =>
        parameters.Parameter.FirstOrDefault(p => p.Name == name)?.Value switch
        {
            ResourceReference reference => reference.Reference,
            { } value => value.ToString(),
            null => null,
        };
}
