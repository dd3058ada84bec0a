using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;

namespace Herald.IntegrationTests.RestHook;

/// <summary>Hosts and subscriptions for rest-hook tests: fast retry settings so outages resolve in seconds.</summary>
public static class RestHookFixtures
{
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    public static HeraldFactory Host(string? dataDir = null, bool allowPrivate = true, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Herald:BaseUrl"] = "http://localhost",
            ["Herald:AllowPrivateEndpoints"] = allowPrivate ? "true" : "false",
            ["Herald:RetryInitialSeconds"] = "0.1",
            ["Herald:RetryMaxSeconds"] = "0.5",
            ["Herald:ErrorAfterFailures"] = "2",
            ["Herald:HandshakeAttempts"] = "20",
            ["Herald:AllowFullResourceOverHttp"] = "true",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new HeraldFactory(settings, dataDir: dataDir);
    }

    public static Subscription RestHookSubscription(string endpoint, string content = "id-only", string payload = "application/fhir+json", int? heartbeatSeconds = null)
    {
        var subscription = SubscriptionFixtures.Subscription(content: content);
        subscription.Channel.TypeElement.Extension.Clear();
        subscription.Channel.Type = Subscription.SubscriptionChannelType.RestHook;
        subscription.Channel.Endpoint = endpoint;
        subscription.Channel.PayloadElement = new Code(payload);
        subscription.Channel.PayloadElement.Extension.Add(new Extension(Backport + "backport-payload-content", new Code(content)));
        subscription.Channel.Header = ["Authorization: Bearer secret", "X-Custom: a: b"];
        if (heartbeatSeconds is { } period)
        {
            subscription.Channel.Extension.Add(new Extension(Backport + "backport-heartbeat-period", new UnsignedInt(period)));
        }

        return subscription;
    }
}
