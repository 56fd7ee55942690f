using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using StackExchange.Redis;

namespace L2LCluster.Grains.Storage;

/// <summary>Runs kept in Redis, for clusters without a shared volume: one key per checkpoint and optimizer, a list of metrics rows.</summary>
public sealed class RedisRunStore(IConnectionMultiplexer redis) : IRunStore
{
    private const string Prefix = "l2l:run:";
    private const string CheckpointPart = "checkpoint";

    public Task WriteCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return redis.GetDatabase().StringSetAsync(Key(checkpoint.Spec.RunId.Value, CheckpointPart), RunCheckpointFormat.Write(checkpoint));
    }

    public async Task<RunCheckpoint?> ReadCheckpointAsync(RunId runId, CancellationToken cancellationToken)
    {
        var key = Key(runId.Value, CheckpointPart);
        var value = await redis.GetDatabase().StringGetAsync(key);
        return value.IsNull ? null : RunCheckpointFormat.Read((byte[])value!, $"redis:{key}");
    }

    public Task AppendMetricsAsync(RunId runId, IReadOnlyList<string> rows, CancellationToken cancellationToken) =>
        redis.GetDatabase().ListRightPushAsync(Key(runId.Value, "metrics"), [.. rows.Select(row => (RedisValue)row)]);

    public Task WriteOptimizerAsync(RunId runId, byte[] optimizerFile, CancellationToken cancellationToken) =>
        redis.GetDatabase().StringSetAsync(Key(runId.Value, "optimizer"), optimizerFile);

    public async Task<IReadOnlyList<RunId>> ListRunsAsync(CancellationToken cancellationToken)
    {
        var runs = new List<RunId>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: (string)Key("*", CheckpointPart)!).WithCancellation(cancellationToken))
            {
                var name = key.ToString();
                if (RunId.TryParse(name[Prefix.Length..^(CheckpointPart.Length + 1)], out var run))
                {
                    runs.Add(run);
                }
            }
        }

        return runs;
    }

    private static RedisKey Key(string runId, string part) => $"{Prefix}{runId}:{part}";
}
