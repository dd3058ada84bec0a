namespace Herald.Subscriptions.Subscriptions;

/// <summary>The <c>backport-payload-content</c> levels.</summary>
public enum PayloadContent
{
    Empty,
    IdOnly,
    FullResource,
}

public static class PayloadContentCodes
{
    public static string ToCode(this PayloadContent content) => content switch
    {
        PayloadContent.Empty => "empty",
        PayloadContent.IdOnly => "id-only",
        _ => "full-resource",
    };

    public static PayloadContent? Parse(string? code) => code switch
    {
        "empty" => PayloadContent.Empty,
        "id-only" => PayloadContent.IdOnly,
        "full-resource" => PayloadContent.FullResource,
        _ => null,
    };
}
