namespace Herald.Subscriptions.Topics;

/// <summary>The topics a tenant can subscribe to: those loaded from the topics folder (every tenant) and its own.</summary>
public interface ITopicCatalog
{
    SubscriptionTopic? Find(string tenant, string url);

    IReadOnlyList<SubscriptionTopic> All(string tenant);
}
