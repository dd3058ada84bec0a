namespace Herald.Subscriptions.Subscriptions;

/// <summary>Subscription status codes (R4 <c>Subscription.status</c>).</summary>
public static class SubscriptionStatusCode
{
    public const string Requested = "requested";
    public const string Active = "active";
    public const string Error = "error";
    public const string Off = "off";
}
