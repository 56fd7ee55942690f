using L2LCluster.Runs;
using StackExchange.Redis;

namespace L2LCluster.Grains.Storage;

/// <summary>A run store in Redis (configuration: Storage:Redis), for clusters without a shared volume.</summary>
public sealed class RedisRunStoreOptions
{
    /// <summary>The StackExchange.Redis connection string, e.g. "127.0.0.1:6379,password=…".</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Checks the connection string is one StackExchange.Redis can read.</summary>
    public RedisRunStoreOptions Validate()
    {
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(ConnectionString), Key, "must hold a connection string (HOST:PORT[,password=…]) when Storage:Kind is redis.");
        try
        {
            ConfigurationOptions.Parse(ConnectionString!);
        }
        catch (ArgumentException error)
        {
            throw new InvalidSettingException(Key, $"is not a Redis connection string: {error.Message}");
        }

        return this;
    }

    private const string Key = "Storage:Redis";
}
