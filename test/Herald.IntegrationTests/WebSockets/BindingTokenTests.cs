using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;
using Microsoft.Data.Sqlite;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>$get-ws-binding-token: shape, rules and storage (SUB-36, SUB-37).</summary>
public sealed class BindingTokenTests : IDisposable
{
    private readonly WebSocketHost _host = new();

    [Fact]
    public async Task InstanceLevel_ReturnsTokenExpirationSubscriptionAndTenantUrl()
    {
        var subscription = await _host.SubscribeAsync();
        Assert.Equal(Subscription.SubscriptionStatus.Active, subscription.Status);

        using var response = await _host.Client.GetFhirAsync($"/fhir/Subscription/{subscription.Id}/$get-ws-binding-token");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        var parameters = await response.ReadAsync<Parameters>();
        var token = Assert.IsType<FhirString>(parameters.Parameter.Single(p => p.Name == "token").Value).Value;
        Assert.True(Convert.FromBase64String(token.Replace('-', '+').Replace('_', '/') + "=").Length >= 16, "at least 128 random bits");
        var expiration = Assert.IsType<FhirDateTime>(parameters.Parameter.Single(p => p.Name == "expiration").Value);
        Assert.True(expiration.ToDateTimeOffset(TimeSpan.Zero) > DateTimeOffset.UtcNow);
        Assert.Equal(subscription.Id, Assert.IsType<FhirString>(parameters.Parameter.Single(p => p.Name == "subscription").Value).Value);
        Assert.Equal($"ws://127.0.0.1:{_host.Port}/fhir/$subscription-ws",
            Assert.IsType<FhirUrl>(parameters.Parameter.Single(p => p.Name == "websocket-url").Value).Value);
    }

    [Fact]
    public async Task TypeLevel_Post_CoversEveryId_AndTokensDiffer()
    {
        var first = await _host.SubscribeAsync();
        var second = await _host.SubscribeAsync(withTopic: false);
        var body = new Parameters();
        body.Add("id", new FhirString(first.Id));
        body.Add("id", new FhirString(second.Id));

        using var response = await _host.Client.PostFhirAsync("/fhir/Subscription/$get-ws-binding-token", body.ToJson());
        var again = await _host.TokenAsync("/fhir", first.Id);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var parameters = await response.ReadAsync<Parameters>();
        Assert.Equal([first.Id, second.Id], parameters.Parameter.Where(p => p.Name == "subscription").Select(p => p.Value.ToString()));
        Assert.NotEqual(parameters.ParameterValue("token"), again.Token);
    }

    [Fact]
    public async Task Tenant_GetsItsOwnSocketUrl()
    {
        var subscription = await _host.SubscribeAsync(fhirBase: "/tenants/acme/fhir");
        var (_, url) = await _host.TokenAsync("/tenants/acme/fhir", subscription.Id);
        Assert.Equal($"ws://127.0.0.1:{_host.Port}/tenants/acme/fhir/$subscription-ws", url);
    }

    [Fact]
    public async Task NotWebSocketSubscription_Is400()
    {
        await _host.Client.CreateAsync(SubscriptionFixtures.EncounterTopic());
        var recorded = await _host.Client.CreateAsync(SubscriptionFixtures.Subscription());
        using var response = await _host.Client.GetFhirAsync($"/fhir/Subscription/{recorded.Id}/$get-ws-binding-token");
        var outcome = await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
        Assert.Contains("websocket", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSubscription_Is404_AndNoId_Is400()
    {
        using var unknown = await _host.Client.GetFhirAsync("/fhir/Subscription/nope/$get-ws-binding-token");
        await unknown.AssertOutcomeAsync(HttpStatusCode.NotFound);
        using var none = await _host.Client.GetFhirAsync("/fhir/Subscription/$get-ws-binding-token");
        await none.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task OtherTenantsSubscription_Is404()
    {
        var subscription = await _host.SubscribeAsync(fhirBase: "/tenants/acme/fhir");
        using var response = await _host.Client.GetFhirAsync($"/fhir/Subscription/{subscription.Id}/$get-ws-binding-token");
        await response.AssertOutcomeAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Database_HoldsOnlyTheHash()
    {
        var subscription = await _host.SubscribeAsync();
        var (token, _) = await _host.TokenAsync("/fhir", subscription.Id);

        using var connection = new SqliteConnection($"Data Source={_host.Factory.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT token_hash, subscription_ids FROM ws_binding_token";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), reader.GetString(0));
        Assert.Equal(subscription.Id, reader.GetString(1));
        Assert.DoesNotContain(token, reader.GetString(0), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CapabilityStatement_ListsTheOperation()
    {
        using var response = await _host.Client.GetFhirAsync("/fhir/metadata");
        var statement = await response.ReadAsync<CapabilityStatement>();
        Assert.Contains(statement.Rest[0].Resource.Single(r => r.Type == "Subscription").Operation, o => o.Name == "get-ws-binding-token");
    }

    public void Dispose() => _host.Dispose();
}
