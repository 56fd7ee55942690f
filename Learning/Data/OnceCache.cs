using System.Collections.Concurrent;

namespace L2LCluster.Learning.Data;

/// <summary>
/// Creates each key's value once per process even when threads ask at the same time, but forgets failures so a
/// fixed folder or a freed device can be tried again.
/// </summary>
internal sealed class OnceCache<TValue>(Func<string, TValue> create)
{
    private readonly ConcurrentDictionary<string, Lazy<TValue>> _values = new(StringComparer.Ordinal);

    public TValue Get(string key)
    {
        var value = _values.GetOrAdd(key, k => new Lazy<TValue>(() => create(k)));
        try
        {
            return value.Value;
        }
        catch
        {
            _values.TryRemove(new KeyValuePair<string, Lazy<TValue>>(key, value));
            throw;
        }
    }
}
