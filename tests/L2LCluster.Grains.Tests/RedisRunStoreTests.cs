using L2LCluster.Grains.Storage;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using StackExchange.Redis;

namespace L2LCluster.Grains.Tests;

/// <summary>The Redis run store against a real redis-server: fenced writes, one row per iteration, one cluster's keys.</summary>
public sealed class RedisRunStoreTests : IAsyncLifetime
{
    private RedisServer? _redis;

    private RedisServer Redis => _redis!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

    public Task DisposeAsync()
    {
        _redis?.Dispose();
        return Task.CompletedTask;
    }

    private RedisRunStore Store(string clusterId = "a") => new(
        Options.Create(new RedisRunStoreOptions { ConfigurationOptions = StackExchange.Redis.ConfigurationOptions.Parse(Redis.ConnectionString) }),
        Options.Create(new ClusterOptions { ServiceId = "l2l-tests", ClusterId = clusterId }));

    private static MetricsRow Row(int iteration) => new(iteration, $"{iteration},0,4,2.5,1,0.1,1,16,32,0.01,");

    [Fact]
    public async Task AWriteOfAnOlderEpochIsRefusedAndTheNewerWritersCheckpointStays()
    {
        await using var store = Store();
        var run = TestRuns.Run().RunId;
        var older = await store.TakeUpAsync(run, CancellationToken.None);
        var newer = await store.TakeUpAsync(run, CancellationToken.None);
        await store.WriteAsync(newer.Epoch, TestRuns.Checkpoint(iteration: 9), [Row(9)], CancellationToken.None);

        await Assert.ThrowsAsync<RunFencedException>(() => store.WriteAsync(older.Epoch, TestRuns.Checkpoint(iteration: 4), [Row(4)], CancellationToken.None));
        await Assert.ThrowsAsync<RunFencedException>(() => store.WriteOptimizerAsync(older.Epoch, run, [1], CancellationToken.None));

        Assert.Equal(newer.Epoch, older.Epoch + 1);
        Assert.Equal(9, (await store.ReadCheckpointAsync(run, CancellationToken.None))!.Iteration);
    }

    [Fact]
    public async Task EveryIterationHasOneRowHoweverOftenItIsWrittenAndATakeUpDropsTheRowsPastTheCheckpoint()
    {
        await using var store = Store();
        var run = TestRuns.Run().RunId;
        var epoch = (await store.TakeUpAsync(run, CancellationToken.None)).Epoch;
        await store.WriteAsync(epoch, TestRuns.Checkpoint(iteration: 2), [Row(1), Row(2)], CancellationToken.None);
        await store.WriteAsync(epoch, TestRuns.Checkpoint(iteration: 2), [Row(2), Row(3)], CancellationToken.None);

        var rowsBefore = await RowsAsync(run);
        await store.TakeUpAsync(run, CancellationToken.None);
        var rowsAfter = await RowsAsync(run);

        Assert.Equal([1, 2, 3], rowsBefore);
        Assert.Equal([1, 2], rowsAfter);
    }

    [Fact]
    public async Task TwoClustersOnOneRedisNeverSeeEachOthersRuns()
    {
        await using var first = Store("a");
        await using var second = Store("b");
        var run = TestRuns.Run().RunId;
        await first.WriteAsync((await first.TakeUpAsync(run, CancellationToken.None)).Epoch, TestRuns.Checkpoint(), [], CancellationToken.None);

        var listed = await first.ListRunsAsync(CancellationToken.None);
        Assert.Equal([run], listed);
        Assert.Empty(await second.ListRunsAsync(CancellationToken.None));
        Assert.Null(await second.ReadCheckpointAsync(run, CancellationToken.None));
        Assert.Equal(1, (await second.TakeUpAsync(run, CancellationToken.None)).Epoch);
    }

    private async Task<int[]> RowsAsync(RunId run)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        var fields = await connection.GetDatabase().HashKeysAsync($"l2l:l2l-tests:a:run:{run.Value}:metrics");
        return [.. fields.Select(field => (int)field).Order()];
    }
}
