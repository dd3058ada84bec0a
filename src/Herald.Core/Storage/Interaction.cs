namespace Herald.Core.Storage;

/// <summary>
/// What a write did to a resource. Stored in history and in change_log; the subscriptions
/// engine matches it against a topic's <c>supportedInteraction</c>.
/// </summary>
public enum Interaction
{
    Create = 1,
    Update = 2,
    Delete = 3,
}

public static class InteractionNames
{
    public static string ToCode(this Interaction interaction) => interaction switch
    {
        Interaction.Create => "create",
        Interaction.Update => "update",
        Interaction.Delete => "delete",
        _ => throw new ArgumentOutOfRangeException(nameof(interaction)),
    };

    public static Interaction Parse(string code) => code switch
    {
        "create" => Interaction.Create,
        "update" => Interaction.Update,
        "delete" => Interaction.Delete,
        _ => throw new FormatException($"Unknown interaction '{code}'."),
    };
}
