using StackExchange.Redis;

namespace L2LCluster.Grains.Storage;

/// <summary>Runs kept in Redis, for clusters without a shared volume: one key per checkpoint and optimizer, a list of metrics rows.</summary>
public sealed class RedisRunStore(IConnectionMultiplexer redis) : IRunStore
{
    public Task WriteCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(Key(checkpoint.Spec.RunId, "checkpoint"), RunCheckpointFormat.Write(checkpoint));

    public async Task<RunCheckpoint?> ReadCheckpointAsync(string runId, CancellationToken cancellationToken)
    {
        var key = Key(runId, "checkpoint");
        var value = await redis.GetDatabase().StringGetAsync(key);
        return value.IsNull ? null : RunCheckpointFormat.Read((byte[])value!, $"redis:{key}");
    }

    public Task AppendMetricsAsync(string runId, IReadOnlyList<string> rows, CancellationToken cancellationToken) =>
        redis.GetDatabase().ListRightPushAsync(Key(runId, "metrics"), [.. rows.Select(row => (RedisValue)row)]);

    public Task WriteOptimizerAsync(string runId, byte[] optimizerFile, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(Key(runId, "optimizer"), optimizerFile);

    public async Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken)
    {
        var runs = new List<string>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: (string)Key("*", "checkpoint")!).WithCancellation(cancellationToken))
            {
                var name = key.ToString();
                runs.Add(name["l2l:run:".Length..^":checkpoint".Length]);
            }
        }

        return runs;
    }

    private static RedisKey Key(string runId, string part) => $"l2l:run:{runId}:{part}";
}
