namespace Herald.Subscriptions.Notifications;

/// <summary>The notification types of the subscription status resource.</summary>
public enum NotificationType
{
    Handshake,
    Heartbeat,
    EventNotification,
    QueryStatus,
    QueryEvent,
}

public static class NotificationTypeCodes
{
    public static string ToCode(this NotificationType type) => type switch
    {
        NotificationType.Handshake => "handshake",
        NotificationType.Heartbeat => "heartbeat",
        NotificationType.EventNotification => "event-notification",
        NotificationType.QueryStatus => "query-status",
        _ => "query-event",
    };
}
