using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>A token as $get-ws-binding-token returns it (the plain token leaves the server once, here).</summary>
public sealed record IssuedBindingToken(string Token, DateTimeOffset ExpiresAt, IReadOnlyList<string> SubscriptionIds);

/// <summary>The outcome of presenting a token on a socket: the subscription ids, or why it was refused.</summary>
public sealed record TokenCheck(IReadOnlyList<string>? SubscriptionIds, string? Problem)
{
    public bool Accepted => SubscriptionIds is not null;
}

/// <summary>
/// Issues and checks binding tokens (SUB-36, SUB-37): 256 random bits, single use, short-lived,
/// bound to one tenant and its subscriptions. Browsers cannot send headers on a WebSocket, so
/// the token is the credential and only its hash is stored.
/// </summary>
public sealed class BindingTokens(BindingTokenStore store, WebSocketSubscriptions subscriptions, IOptions<WebSocketChannelOptions> options, TimeProvider clock)
{
    /// <summary>Checks every subscription (404 unknown, 400 not websocket or off) and issues one token for all of them.</summary>
    public async Task<IssuedBindingToken> IssueAsync(string tenant, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            throw Core.Errors.FhirException.BadRequest("$get-ws-binding-token needs at least one 'id' parameter (a websocket Subscription id).");
        }

        foreach (var id in distinct)
        {
            await subscriptions.LoadAsync(tenant, id, cancellationToken).ConfigureAwait(false);
        }

        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var expires = clock.GetUtcNow().AddSeconds(options.Value.WebSocketTokenLifetimeSeconds);
        await store.InsertAsync(Hash(token), new StoredBindingToken(tenant, distinct, expires), clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new IssuedBindingToken(token, expires, distinct);
    }

    /// <summary>Uses up the token (whatever the outcome: a token shown on the wrong tenant is burnt too).</summary>
    public async Task<TokenCheck> ConsumeAsync(string tenant, string token, CancellationToken cancellationToken)
    {
        var stored = await store.ConsumeAsync(Hash(token), cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return new TokenCheck(null, "The binding token is unknown or was already used; tokens are single-use: get a new one with $get-ws-binding-token.");
        }

        if (stored.ExpiresAt <= clock.GetUtcNow())
        {
            return new TokenCheck(null, $"The binding token expired at {stored.ExpiresAt:O}; get a new one with $get-ws-binding-token.");
        }

        if (stored.Tenant != tenant)
        {
            return new TokenCheck(null, "The binding token was issued by another tenant; connect to the websocket-url returned with it.");
        }

        return new TokenCheck(stored.SubscriptionIds, null);
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
