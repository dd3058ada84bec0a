using Hl7.Fhir.Model;
using Herald.Core.Services;
using Herald.Core.Storage;
using Task = System.Threading.Tasks.Task;

namespace Herald.Subscriptions.Topics;

/// <summary>
/// Rejects invalid topics (Basic resources coded SubscriptionTopic) with a message naming the bad
/// element, and makes a committed topic usable at once, so a client can subscribe to a topic it
/// just created without waiting for the matcher to read the write.
/// </summary>
public sealed class TopicWriteHook(TopicCatalog catalog) : IResourceWriteHook
{
    public bool AppliesTo(string resourceType) => resourceType == "Basic";

    public Task PrepareAsync(WriteContext context, CancellationToken cancellationToken)
    {
        if (TopicParser.IsTopic(context.Resource))
        {
            TopicParser.Parse((Basic)context.Resource);
        }

        return Task.CompletedTask;
    }

    public Task CommittedAsync(WriteContext context, WriteResult result, CancellationToken cancellationToken)
    {
        if (result.Outcome is WriteOutcome.Created or WriteOutcome.Updated)
        {
            catalog.Set(context.Tenant, result.Version.Id,
                TopicParser.IsTopic(context.Resource) ? TopicParser.Parse((Basic)context.Resource) : null);
        }

        return Task.CompletedTask;
    }
}
