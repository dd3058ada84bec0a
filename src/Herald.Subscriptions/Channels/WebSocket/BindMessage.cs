using System.Text.Json;

namespace Herald.Subscriptions.Channels.WebSocket;

/// <summary>
/// The client's bind message (SUB-35): the text frame <c>bind-with-token &lt;token&gt;</c>, or the
/// JSON form <c>{"type":"bind-with-token","payload":{"token":"..."}}</c> existing clients send.
/// </summary>
public static class BindMessage
{
    private const string Command = "bind-with-token";

    /// <summary>The token, or null when the text is not a bind message.</summary>
    public static string? TokenOf(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            return FromJson(trimmed);
        }

        var parts = trimmed.Split(' ', 2, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts is [Command, var token] && !token.Contains(' ', StringComparison.Ordinal) ? token : null;
    }

    private static string? FromJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == Command
                && root.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
                && token.GetString() is { Length: > 0 } value
                ? value
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
