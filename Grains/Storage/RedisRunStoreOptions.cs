using L2LCluster.Runs;
using StackExchange.Redis;

namespace L2LCluster.Grains.Storage;

/// <summary>A run store in Redis (configuration: Storage:Redis), for clusters without a shared volume.</summary>
public sealed class RedisRunStoreOptions
{
    private const string Key = "Storage:Redis";

    /// <summary>How to reach the Redis, e.g. <c>ConfigurationOptions.Parse("127.0.0.1:6379,user=…,password=…")</c>.</summary>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    public RedisRunStoreOptions Validate()
    {
        InvalidSettingException.ThrowUnless(ConfigurationOptions is not null, Key, "must hold a connection string (HOST:PORT[,password=…]) when Storage:Kind is redis.");
        return this;
    }
}
