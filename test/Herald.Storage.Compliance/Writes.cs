using System.Globalization;
using Herald.Core.Search.Indexing;
using Herald.Core.Storage;

namespace Herald.Storage.Compliance;

/// <summary>Builds ResourceWrites for the suites; the rendered JSON records the version it was given.</summary>
public static class Writes
{
    public const string Tenant = "t1";

    public static ResourceKey Key(string id, string type = "Patient", string tenant = Tenant) => new(tenant, type, id);

    public static ResourceWrite Create(ResourceKey key, SearchIndex? index = null) =>
        new() { Key = key, Interaction = Interaction.Create, Render = Render(key), Index = index ?? SearchIndex.Empty };

    public static ResourceWrite Update(ResourceKey key, long? ifMatch = null, SearchIndex? index = null) =>
        new() { Key = key, Interaction = Interaction.Update, IfMatchVersion = ifMatch, Render = Render(key), Index = index ?? SearchIndex.Empty };

    public static ResourceWrite Delete(ResourceKey key, long? ifMatch = null) =>
        new() { Key = key, Interaction = Interaction.Delete, IfMatchVersion = ifMatch };

    /// <summary>An index holding one identifier token.</summary>
    public static SearchIndex Identifier(string? system, string? value)
    {
        var index = new SearchIndex();
        index.Tokens.Add(new TokenRow("identifier", system, value, null));
        return index;
    }

    private static Func<long, DateTimeOffset, string> Render(ResourceKey key) =>
        (version, lastUpdated) =>
            "{\"resourceType\":\"" + key.Type + "\",\"id\":\"" + key.Id + "\",\"meta\":{\"versionId\":\""
            + version.ToString(CultureInfo.InvariantCulture) + "\",\"lastUpdated\":\"" + lastUpdated.ToString("o", CultureInfo.InvariantCulture) + "\"}}";

    public static async Task<WriteResult> CommitAsync(this StoreUnderTest store, ResourceWrite write) =>
        (await store.Resources.CommitAsync([write], TestContext.Current.CancellationToken))[0];
}
