using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Herald.Core.Storage;

namespace Herald.Core.Services;

/// <summary>
/// Type-specific rules applied to creates and updates before they are committed (validation,
/// server-owned elements) and told about the committed result. Subscriptions use it for
/// Subscription and topic (Basic) resources.
/// </summary>
public interface IResourceWriteHook
{
    bool AppliesTo(string resourceType);

    /// <summary>Validates and may change <paramref name="context"/>.Resource; throws a FhirException to reject.</summary>
    Task PrepareAsync(WriteContext context, CancellationToken cancellationToken);

    Task CommittedAsync(WriteContext context, WriteResult result, CancellationToken cancellationToken);
}

/// <summary>
/// A create or update on its way to the store. <see cref="IsSystemWrite"/> marks writes Herald
/// makes itself (e.g. a subscription's status after a handshake), which may set server-owned elements.
/// </summary>
public sealed record WriteContext(string Tenant, string ResourceType, string? Id, Interaction Interaction, Resource Resource, bool IsSystemWrite);
