using Herald.Core.Search.Indexing;
using Herald.Core.Search.Query;
using Herald.Subscriptions.Subscriptions;

namespace Herald.Subscriptions.Matching;

/// <summary>
/// The subscriptions that can match, indexed by tenant, topic and one equality filter value, so
/// that the cost of a write does not grow with subscriptions that cannot match it (DESIGN
/// decision 6). Written by the matcher loop only; read from anywhere.
/// </summary>
public sealed class SubscriptionRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tenant, string Id), SubscriptionInfo> _byId = [];
    private readonly Dictionary<(string Tenant, string Topic), TopicBucket> _byTopic = [];

    /// <summary>
    /// Raised (outside the lock) after a subscription was added, changed or removed, with its
    /// tenant and id; e.g. the websocket channel unbinds sockets of a subscription deleted or off.
    /// </summary>
    public event Action<string, string>? Changed;

    public void Upsert(SubscriptionInfo subscription)
    {
        lock (_lock)
        {
            RemoveLocked(subscription.Tenant, subscription.Id);
            _byId[(subscription.Tenant, subscription.Id)] = subscription;
            var bucket = _byTopic.TryGetValue((subscription.Tenant, subscription.TopicUrl), out var b)
                ? b
                : _byTopic[(subscription.Tenant, subscription.TopicUrl)] = new TopicBucket();
            bucket.Add(subscription, EqualityKey(subscription));
        }

        Changed?.Invoke(subscription.Tenant, subscription.Id);
    }

    public void Remove(string tenant, string id)
    {
        lock (_lock)
        {
            RemoveLocked(tenant, id);
        }

        Changed?.Invoke(tenant, id);
    }

    public SubscriptionInfo? Get(string tenant, string id)
    {
        lock (_lock)
        {
            return _byId.GetValueOrDefault((tenant, id));
        }
    }

    public IReadOnlyList<SubscriptionInfo> All()
    {
        lock (_lock)
        {
            return _byId.Values.ToList();
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _byId.Count;
            }
        }
    }

    /// <summary>
    /// The subscriptions of a topic that may match a focus with these index rows: the unindexed
    /// ones plus those whose equality key is among the focus's values. Filters still have to be
    /// evaluated on each candidate.
    /// </summary>
    public IReadOnlyList<SubscriptionInfo> Candidates(string tenant, string topicUrl, string focusType, SearchIndex focus)
    {
        lock (_lock)
        {
            if (!_byTopic.TryGetValue((tenant, topicUrl), out var bucket))
            {
                return [];
            }

            var result = new List<SubscriptionInfo>(bucket.Unindexed);
            if (bucket.ByKey.Count > 0)
            {
                foreach (var key in KeysOf(focusType, focus))
                {
                    if (bucket.ByKey.TryGetValue(key, out var subscriptions))
                    {
                        result.AddRange(subscriptions);
                    }
                }
            }

            return result;
        }
    }

    private void RemoveLocked(string tenant, string id)
    {
        if (_byId.Remove((tenant, id), out var old) && _byTopic.TryGetValue((tenant, old.TopicUrl), out var bucket))
        {
            bucket.Remove(old, EqualityKey(old));
        }
    }

    /// <summary>The key of the first filter that is a plain equality on a reference (Type/id) or a token (system|code or code).</summary>
    private static string? EqualityKey(SubscriptionInfo subscription)
    {
        foreach (var filter in subscription.Filters)
        {
            if (filter.Criterion is ValueCriterion { Modifier: SearchModifier.None, Values: [var value] } criterion)
            {
                var key = value switch
                {
                    ReferenceValue { Type: { } type, Id: { } id, Url: null } => $"{filter.ResourceType}|{criterion.Parameter.Name}|r|{type}/{id}",
                    TokenValue { SystemGiven: true, System: { } system, Code: { } code } => $"{filter.ResourceType}|{criterion.Parameter.Name}|t|{system}|{code}",
                    TokenValue { SystemGiven: false, Code: { } code } => $"{filter.ResourceType}|{criterion.Parameter.Name}|t||{code}",
                    _ => null,
                };
                if (key is not null)
                {
                    return key;
                }
            }
        }

        return null;
    }

    private static IEnumerable<string> KeysOf(string type, SearchIndex focus)
    {
        foreach (var reference in focus.References)
        {
            if (reference.TargetType is not null && reference.TargetId is not null)
            {
                yield return $"{type}|{reference.Param}|r|{reference.TargetType}/{reference.TargetId}";
            }
        }

        foreach (var token in focus.Tokens)
        {
            if (token.Code is null)
            {
                continue;
            }

            yield return $"{type}|{token.Param}|t||{token.Code}";
            if (token.System is not null)
            {
                yield return $"{type}|{token.Param}|t|{token.System}|{token.Code}";
            }
        }
    }

    private sealed class TopicBucket
    {
        public List<SubscriptionInfo> Unindexed { get; } = [];

        public Dictionary<string, List<SubscriptionInfo>> ByKey { get; } = new(StringComparer.Ordinal);

        public void Add(SubscriptionInfo subscription, string? key)
        {
            if (key is null)
            {
                Unindexed.Add(subscription);
            }
            else if (ByKey.TryGetValue(key, out var list))
            {
                list.Add(subscription);
            }
            else
            {
                ByKey[key] = [subscription];
            }
        }

        public void Remove(SubscriptionInfo subscription, string? key)
        {
            if (key is null)
            {
                Unindexed.RemoveAll(s => s.Id == subscription.Id);
            }
            else if (ByKey.TryGetValue(key, out var list))
            {
                list.RemoveAll(s => s.Id == subscription.Id);
                if (list.Count == 0)
                {
                    ByKey.Remove(key);
                }
            }
        }
    }
}
