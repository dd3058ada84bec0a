namespace Herald.Subscriptions.Topics;

/// <summary>
/// Topics in memory: folder topics (every tenant) and each tenant's Basic topics, refreshed by
/// the matcher as it reads Basic writes from change_log, so topic changes apply in commit order.
/// </summary>
public sealed class TopicCatalog : ITopicCatalog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SubscriptionTopic> _global = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, string BasicId), SubscriptionTopic> _byTenant = [];

    public void AddGlobal(SubscriptionTopic topic)
    {
        lock (_lock)
        {
            _global[topic.Url] = topic;
        }
    }

    public void Set(string tenant, string basicId, SubscriptionTopic? topic)
    {
        lock (_lock)
        {
            if (topic is null)
            {
                _byTenant.Remove((tenant, basicId));
            }
            else
            {
                _byTenant[(tenant, basicId)] = topic;
            }
        }
    }

    public SubscriptionTopic? Find(string tenant, string url)
    {
        lock (_lock)
        {
            return _byTenant.Where(t => t.Key.Tenant == tenant && t.Value.Url == url).Select(t => t.Value).FirstOrDefault()
                ?? _global.GetValueOrDefault(url);
        }
    }

    public IReadOnlyList<SubscriptionTopic> All(string tenant)
    {
        lock (_lock)
        {
            var own = _byTenant.Where(t => t.Key.Tenant == tenant).Select(t => t.Value).ToList();
            return own.Concat(_global.Values.Where(g => own.All(o => o.Url != g.Url))).ToList();
        }
    }
}
