namespace Herald.Core.Storage;

/// <summary>
/// One stored version of a resource. <see cref="Json"/> is the canonical JSON with
/// meta.versionId and meta.lastUpdated already set; it is null for a delete.
/// <see cref="Sequence"/> is the change_log sequence of the write that made this version.
/// </summary>
public sealed record ResourceVersion(
    string Tenant,
    string Type,
    string Id,
    long VersionId,
    DateTimeOffset LastUpdated,
    Interaction Interaction,
    string? Json,
    long Sequence)
{
    public bool IsDeleted => Interaction == Interaction.Delete;

    public ResourceKey Key => new(Tenant, Type, Id);
}
