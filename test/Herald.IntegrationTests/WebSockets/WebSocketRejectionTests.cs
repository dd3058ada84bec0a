using System.Net;
using System.Net.WebSockets;
using Hl7.Fhir.Model;
using Herald.IntegrationTests.Subscriptions;
using Herald.Subscriptions.Notifications;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>What closes a socket: bad tokens and frames (OperationOutcome + 1008), nothing left bound (1000), shutdown (1001).</summary>
public sealed class WebSocketRejectionTests : IDisposable
{
    private readonly WebSocketHost _host = new();

    private string Base => _host.FhirBase();

    [Fact]
    public async Task ReusedToken_IsRefused_With1008()
    {
        var subscription = await _host.SubscribeAsync();
        var (token, url) = await _host.TokenAsync("/fhir", subscription.Id);
        using var first = await SocketClient.ConnectAsync(url);
        await first.SendTextAsync($"bind-with-token {token}");
        await first.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);

        using var second = await SocketClient.ConnectAsync(url);
        await second.SendTextAsync($"bind-with-token {token}");

        await AssertRefusedAsync(second, "already used");
    }

    [Fact]
    public async Task WrongTenantToken_IsRefused_With1008()
    {
        var subscription = await _host.SubscribeAsync(fhirBase: "/tenants/acme/fhir");
        var (token, _) = await _host.TokenAsync("/tenants/acme/fhir", subscription.Id);
        using var socket = await SocketClient.ConnectAsync($"ws://127.0.0.1:{_host.Port}/fhir/$subscription-ws");
        await socket.SendTextAsync($"bind-with-token {token}");

        await AssertRefusedAsync(socket, "another tenant");
    }

    [Fact]
    public async Task UnknownToken_Garbage_AndBinaryFrames_AreRefused_With1008()
    {
        var url = $"ws://127.0.0.1:{_host.Port}/fhir/$subscription-ws";
        using (var unknown = await SocketClient.ConnectAsync(url))
        {
            await unknown.SendTextAsync("bind-with-token AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            await AssertRefusedAsync(unknown, "unknown");
        }

        using (var garbage = await SocketClient.ConnectAsync(url))
        {
            await garbage.SendTextAsync("{\"type\":\"bind-with-token\",\"payload\":42");
            await AssertRefusedAsync(garbage, "bind-with-token");
        }

        using (var binary = await SocketClient.ConnectAsync(url))
        {
            await binary.SendBinaryAsync([0, 1, 2, 3]);
            await AssertRefusedAsync(binary, "Binary");
        }

        using (var huge = await SocketClient.ConnectAsync(url))
        {
            await huge.SendTextAsync(new string('x', 100_000));
            await AssertRefusedAsync(huge, "limited");
        }

        // The server is still fine.
        using var health = await _host.Client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task PlainHttpOnTheSocketEndpoint_Is400()
    {
        using var response = await _host.Client.GetFhirAsync("/fhir/$subscription-ws");
        await response.AssertOutcomeAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task DeletingOneOfTwo_StopsItsFrames_DeletingTheLast_Closes1000()
    {
        var kept = await _host.SubscribeAsync();
        var deleted = await _host.SubscribeAsync(withTopic: false);
        using var socket = await _host.BindAsync(kept.Id, deleted.Id);
        await socket.ReceiveAsync();
        await socket.ReceiveAsync();

        using (var delete = await _host.Client.DeleteFhirAsync($"/fhir/Subscription/{deleted.Id}"))
        {
            Assert.True(delete.IsSuccessStatusCode);
        }

        var notice = Assert.IsType<OperationOutcome>((await socket.ReceiveAsync()).Resource);
        Assert.Contains(deleted.Id, notice.Issue[0].Diagnostics, StringComparison.Ordinal);
        await _host.WriteEncounterAsync();
        var frame = await socket.ReceiveConformantAsync(Base, kept.Id, NotificationType.EventNotification);
        Assert.Equal(kept.Id, frame.SubscriptionId);

        kept.Status = Subscription.SubscriptionStatus.Off;
        using (var off = await _host.Client.PutFhirAsync($"/fhir/Subscription/{kept.Id}", kept.ToJson()))
        {
            Assert.True(off.IsSuccessStatusCode);
        }

        var (before, close) = await socket.ReceiveUntilCloseAsync();
        Assert.All(before, f => Assert.IsType<OperationOutcome>(f.Resource));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
        Assert.Contains("no subscription left", close.CloseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_ClosesSockets_With1001()
    {
        var subscription = await _host.SubscribeAsync();
        using var socket = await _host.BindAsync(subscription.Id);
        await socket.ReceiveConformantAsync(Base, subscription.Id, NotificationType.Handshake);

        var stopping = Task.Run(_host.Dispose, TestContext.Current.CancellationToken);
        var (_, close) = await socket.ReceiveUntilCloseAsync();
        await stopping;

        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, close.CloseStatus);
    }

    private static async Task AssertRefusedAsync(SocketClient socket, string why)
    {
        var (before, close) = await socket.ReceiveUntilCloseAsync();
        var outcome = Assert.IsType<OperationOutcome>(Assert.Single(before).Resource);
        Assert.Contains(why, outcome.Issue[0].Diagnostics, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
    }

    public void Dispose() => _host.Dispose();
}
