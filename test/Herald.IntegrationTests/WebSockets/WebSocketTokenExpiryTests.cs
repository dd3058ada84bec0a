using Herald.IntegrationTests.Subscriptions;
using Task = System.Threading.Tasks.Task;

namespace Herald.IntegrationTests.WebSockets;

/// <summary>An expired token is refused (a 1-second lifetime, then a wait longer than it: no timing threshold is asserted).</summary>
public sealed class WebSocketTokenExpiryTests : IDisposable
{
    private readonly WebSocketHost _host = new(new Dictionary<string, string?> { ["Herald:WebSocketTokenLifetimeSeconds"] = "1" });

    [Fact]
    public async Task ExpiredToken_IsRefused_With1008()
    {
        var subscription = await _host.SubscribeAsync();
        var (token, url) = await _host.TokenAsync("/fhir", subscription.Id);
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);
        using var socket = await SocketClient.ConnectAsync(url);
        await socket.SendTextAsync($"bind-with-token {token}");

        var (before, close) = await socket.ReceiveUntilCloseAsync();
        var outcome = Assert.IsType<Hl7.Fhir.Model.OperationOutcome>(Assert.Single(before).Resource);
        Assert.Contains("expired", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation, close.CloseStatus);
    }

    public void Dispose() => _host.Dispose();
}
