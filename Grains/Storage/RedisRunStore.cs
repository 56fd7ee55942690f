using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Runs kept in Redis, for clusters without a shared volume: per run a checkpoint, an optimizer, the epoch of the
/// coordinator that took it up last, and its metrics rows as a hash keyed by iteration (one row per iteration, however
/// often a write is retried). Keys are the cluster's own (service and cluster id), so two clusters on one Redis never
/// see each other's runs; fenced writes are one Lua script each, atomic on the server.
/// </summary>
public sealed class RedisRunStore(IOptions<RedisRunStoreOptions> options, IOptions<ClusterOptions> cluster) : IRunStore, IAsyncDisposable
{
    private const string CheckpointPart = "checkpoint";

    /// <summary>KEYS: epoch, metrics, checkpoint; ARGV: epoch, checkpoint, then iteration and row pairs. Returns -1, or the newer epoch.</summary>
    private const string FencedWrite = """
        local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
        if stored > tonumber(ARGV[1]) then return stored end
        for i = 3, #ARGV, 2 do redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1]) end
        redis.call('SET', KEYS[3], ARGV[2])
        return -1
        """;

    /// <summary>KEYS: epoch, metrics; ARGV: epoch, the checkpoint's iteration. Drops the rows past it unless a newer epoch exists.</summary>
    private const string DropRowsPast = """
        if tonumber(redis.call('GET', KEYS[1]) or '0') > tonumber(ARGV[1]) then return 0 end
        for _, field in ipairs(redis.call('HKEYS', KEYS[2])) do
            if tonumber(field) > tonumber(ARGV[2]) then redis.call('HDEL', KEYS[2], field) end
        end
        return 1
        """;

    private readonly string _prefix = $"l2l:{cluster.Value.ServiceId}:{cluster.Value.ClusterId}:run:";

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() =>
    {
        var configuration = options.Value.ConfigurationOptions!.Clone();
        // A Redis that is down while the silo starts is waited for, not fatal: the store's calls fail until it is up.
        configuration.AbortOnConnectFail = false;
        return ConnectionMultiplexer.ConnectAsync(configuration);
    });

    public async Task<RunTakeUp> TakeUpAsync(RunId run, CancellationToken cancellationToken)
    {
        var database = await DatabaseAsync();
        var epoch = await database.StringIncrementAsync(Key(run, "epoch"));
        var checkpoint = await ReadCheckpointAsync(run, cancellationToken);
        await database.ScriptEvaluateAsync(DropRowsPast, [Key(run, "epoch"), Key(run, "metrics")], [epoch, checkpoint?.Iteration ?? 0]);
        return new RunTakeUp(epoch, checkpoint);
    }

    public async Task WriteAsync(long epoch, RunCheckpoint checkpoint, IReadOnlyList<MetricsRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(rows);
        var run = checkpoint.Spec.RunId;
        RedisValue[] values = [epoch, RunCheckpointFormat.Write(checkpoint), .. rows.SelectMany(row => new RedisValue[] { row.Iteration, row.Text })];
        await FencedAsync(run, epoch, [Key(run, "epoch"), Key(run, "metrics"), Key(run, CheckpointPart)], values);
    }

    public Task WriteOptimizerAsync(long epoch, RunId run, byte[] optimizerFile, CancellationToken cancellationToken) =>
        FencedAsync(run, epoch, [Key(run, "epoch"), Key(run, "metrics"), Key(run, "optimizer")], [epoch, optimizerFile]);

    public async Task<RunCheckpoint?> ReadCheckpointAsync(RunId run, CancellationToken cancellationToken)
    {
        var key = Key(run, CheckpointPart);
        var value = await (await DatabaseAsync()).StringGetAsync(key);
        return value.IsNull ? null : DirectoryRunStore.Checked(run, RunCheckpointFormat.Read((byte[])value!, $"redis:{key}"));
    }

    public async Task<IReadOnlyList<RunId>> ListRunsAsync(CancellationToken cancellationToken)
    {
        var connection = await _connection.Value;
        var runs = new List<RunId>();
        var suffix = $":{CheckpointPart}";
        foreach (var endpoint in connection.GetEndPoints())
        {
            await foreach (var key in connection.GetServer(endpoint).KeysAsync(pattern: $"{_prefix}*{suffix}").WithCancellation(cancellationToken))
            {
                var name = key.ToString();
                if (RunId.TryParse(name[_prefix.Length..^suffix.Length], out var run))
                {
                    runs.Add(run);
                }
            }
        }

        return runs;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }

    private async Task FencedAsync(RunId run, long epoch, RedisKey[] keys, RedisValue[] values)
    {
        var stored = (long)await (await DatabaseAsync()).ScriptEvaluateAsync(FencedWrite, keys, values);
        if (stored >= 0)
        {
            throw new RunFencedException(run, epoch, stored);
        }
    }

    private async Task<IDatabase> DatabaseAsync() => (await _connection.Value).GetDatabase();

    private RedisKey Key(RunId run, string part) => $"{_prefix}{run.Value}:{part}";
}
