using System.Net;
using System.Net.Sockets;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;
using Herald.Subscriptions.Channels;
using Microsoft.Extensions.DependencyInjection;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>
/// Herald on a real Kestrel loopback port (WebSockets, TCP back-pressure and all), with the
/// public base set to that address so websocket-url and notification links are usable as given.
/// The recording channel is registered too, to have a subscription that is not websocket.
/// </summary>
public sealed class WebSocketHost : IDisposable
{
    private const string Backport = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    public WebSocketHost(IDictionary<string, string?>? settings = null)
    {
        Port = FreePort();
        Root = $"http://127.0.0.1:{Port}";
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Herald:BaseUrl"] = Root,
            ["Herald:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        Factory = new HeraldFactory(all, services =>
        {
            services.AddKeyedSingleton<ISubscriptionChannel>(RecordingChannel.Type, new RecordingChannel());
            services.Configure<ChannelTypeOptions>(o => o.Types.Add(RecordingChannel.Type));
        });
        Factory.UseKestrel(Port);
        Factory.StartServer();
        Client = new HttpClient { BaseAddress = new Uri(Root) };
    }

    public int Port { get; }

    public string Root { get; }

    public HeraldFactory Factory { get; }

    public HttpClient Client { get; }

    public string FhirBase(string tenant = "default") => tenant == "default" ? $"{Root}/fhir" : $"{Root}/tenants/{tenant}/fhir";

    /// <summary>Creates the Encounter topic (once per tenant) and a websocket subscription to it.</summary>
    public async Task<Subscription> SubscribeAsync(string content = "id-only", int? heartbeatSeconds = null, string fhirBase = "/fhir", bool withTopic = true)
    {
        var subscription = new Subscription
        {
            Status = Subscription.SubscriptionStatus.Requested,
            Reason = "websocket test",
            Criteria = SubscriptionFixtures.EncounterTopicUrl,
            Channel = new Subscription.ChannelComponent { Type = Subscription.SubscriptionChannelType.Websocket, Payload = "application/fhir+json" },
        };
        subscription.Channel.PayloadElement.Extension.Add(new Extension(Backport + "backport-payload-content", new Code(content)));
        if (heartbeatSeconds is { } period)
        {
            subscription.Channel.Extension.Add(new Extension(Backport + "backport-heartbeat-period", new UnsignedInt(period)));
        }

        return await Client.SubscribeAsync(subscription, withTopic ? SubscriptionFixtures.EncounterTopic() : null, fhirBase);
    }

    /// <summary>$get-ws-binding-token for the ids; returns the token and the websocket-url.</summary>
    public async Task<(string Token, string Url)> TokenAsync(string fhirBase = "/fhir", params string[] ids)
    {
        var query = string.Join('&', ids.Select(id => $"id={id}"));
        using var response = await Client.GetFhirAsync($"{fhirBase}/Subscription/$get-ws-binding-token?{query}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token: {(int)response.StatusCode} {await response.BodyAsync()}");
        var parameters = await response.ReadAsync<Parameters>();
        return (parameters.ParameterValue("token")!, parameters.ParameterValue("websocket-url")!);
    }

    /// <summary>Connects and binds with a fresh token for the ids.</summary>
    public async Task<SocketClient> BindAsync(params string[] ids) => await BindOnAsync("/fhir", ids);

    public async Task<SocketClient> BindOnAsync(string fhirBase, params string[] ids)
    {
        var (token, url) = await TokenAsync(fhirBase, ids);
        var socket = await SocketClient.ConnectAsync(url);
        await socket.SendTextAsync($"bind-with-token {token}");
        return socket;
    }

    public async Task<Encounter> WriteEncounterAsync(string fhirBase = "/fhir") =>
        await Client.CreateAsync(SubscriptionFixtures.Encounter("p1"), fhirBase);

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
