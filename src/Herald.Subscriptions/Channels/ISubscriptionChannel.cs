using Hl7.Fhir.Model;
using Herald.Subscriptions.Notifications;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Channels;

/// <summary>
/// The seam between the pipeline and a delivery channel (rest-hook, websocket, ...). One keyed
/// singleton per channel type code; the dispatcher calls it per subscription, in event order.
/// </summary>
public interface ISubscriptionChannel
{
    /// <summary>True when a new subscription stays <c>requested</c> until a handshake succeeds.</summary>
    bool RequiresHandshake { get; }

    /// <summary>Rejects, with a 400 FhirException, a subscription this channel cannot serve (e.g. a missing endpoint).</summary>
    void Validate(SubscriptionInfo subscription);

    /// <summary>Sends one notification bundle; never throws for a delivery failure, it reports it.</summary>
    Task<DeliveryResult> SendAsync(SubscriptionInfo subscription, Notification notification, CancellationToken cancellationToken);
}

/// <summary>A notification ready to send: its type, its bundle, and the event numbers it carries (0 when none).</summary>
public sealed record Notification(NotificationType Type, Bundle Bundle, long FirstEventNumber, long LastEventNumber);

/// <summary>What a send achieved; <see cref="RetryAfter"/> is the receiver's own hint, when it gave one.</summary>
public sealed record DeliveryResult(bool Success, string? Error = null, TimeSpan? RetryAfter = null)
{
    public static DeliveryResult Delivered { get; } = new(true);
}
