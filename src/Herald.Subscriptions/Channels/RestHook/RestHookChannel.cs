using System.Net;
using System.Net.Http.Headers;
using Herald.Core.Errors;
using Herald.Core.Fhir;
using Herald.Subscriptions.Dispatch;
using Herald.Subscriptions.Subscriptions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Herald.Subscriptions.Channels.RestHook;

/// <summary>
/// rest-hook: POSTs each notification bundle to the subscriber's endpoint with the Content-Type of
/// channel.payload and every channel.header exactly as stored (SUB-31..SUB-33). 2xx is success;
/// anything else, a timeout or a connection failure is a failure the dispatcher retries.
/// </summary>
public sealed partial class RestHookChannel(IHttpClientFactory clients, IOptions<DeliveryOptions> options, ILogger<RestHookChannel> logger) : ISubscriptionChannel
{
    public const string Type = "rest-hook";
    public const string ClientName = "herald-rest-hook";

    public bool RequiresHandshake => true;

    public void Validate(SubscriptionInfo subscription)
    {
        var uri = EndpointGuard.Check(subscription.Endpoint, options.Value.AllowPrivateEndpoints);
        if (uri.Scheme == "http" && subscription.Content == PayloadContent.FullResource && !options.Value.AllowFullResourceOverHttp)
        {
            throw FhirException.BadRequest("full-resource payloads are only sent to https endpoints (the server allows plain http only with AllowFullResourceOverHttp).");
        }

        foreach (var header in subscription.Headers)
        {
            if (!TrySplitHeader(header, out _, out _))
            {
                throw FhirException.BadRequest($"channel.header '{header}' is not 'Name: value'.");
            }
        }
    }

    public async Task<DeliveryResult> SendAsync(SubscriptionInfo subscription, Notification notification, CancellationToken cancellationToken)
    {
        var format = subscription.PayloadMimeType == "application/fhir+xml" ? FhirFormat.Xml : FhirFormat.Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, subscription.Endpoint)
        {
            Content = new StringContent(FhirSerializer.Instance.Serialize(notification.Bundle, format)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(subscription.PayloadRaw);
        foreach (var header in subscription.Headers)
        {
            if (TrySplitHeader(header, out var name, out var value) && !request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(subscription.TimeoutSeconds ?? options.Value.DefaultTimeoutSeconds));
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                return DeliveryResult.Delivered;
            }

            // 429 and 503 may say when to come back; honour it (bounded by the retry cap).
            var retryAfter = response.Headers.RetryAfter is { } hint
                ? hint.Delta ?? (hint.Date - DateTimeOffset.UtcNow)
                : null;
            return new DeliveryResult(false, $"endpoint answered {(int)response.StatusCode} {response.ReasonPhrase}", retryAfter);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult(false, "timed out");
        }
        catch (HttpRequestException e)
        {
            LogConnectionFailure(logger, subscription.Id, e.Message);
            return new DeliveryResult(false, "connection failed: " + e.Message);
        }
    }

    /// <summary>Headers are stored as "Name: value" (SUB-32); split on the first colon.</summary>
    private static bool TrySplitHeader(string header, out string name, out string value)
    {
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        name = colon > 0 ? header[..colon].Trim() : "";
        value = colon > 0 ? header[(colon + 1)..].Trim() : "";
        // No control characters in the value: a CR/LF would split the header (HttpClient then
        // refuses the request, and every delivery of the subscription fails).
        return name.Length > 0 && name.All(c => c > 32 && c < 127 && c != ':') && !value.Any(char.IsControl);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "rest-hook connection to the endpoint of Subscription/{SubscriptionId} failed: {Reason}")]
    private static partial void LogConnectionFailure(ILogger logger, string subscriptionId, string reason);
}
