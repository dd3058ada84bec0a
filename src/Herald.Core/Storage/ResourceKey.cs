namespace Herald.Core.Storage;

/// <summary>Identifies one logical resource within one tenant.</summary>
public readonly record struct ResourceKey(string Tenant, string Type, string Id)
{
    public override string ToString() => $"{Type}/{Id}";
}
