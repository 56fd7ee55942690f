using L2LCluster.Benchmarks;
using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace L2LCluster.Cluster.Tests;

[Trait("Category", "Cluster")]
public sealed class AsynchronousRunTests
{
    /// <summary>A few milliseconds of unroll become a wait long enough for the fast worker to apply several updates.</summary>
    private const double Slowdown = 30;

    [Fact]
    public async Task FastWorkersDoNotWaitForASlowOneAndItsTooStaleGradientsAreDroppedAndCounted()
    {
        await using var harness = await ClusterHarness.StartAsync(
            silos: 2, configure: services => services.AddSingleton<IIncomingGrainCallFilter>(new SlowDeviceFilter(Slowdown)));
        // The slowdown multiplies the unroll's own time, which a loaded machine stretches too: a deadline far beyond it
        // keeps this test about staleness.
        var run = ClusterHarness.SmallRun("async-stale", iterations: 60, problems: 4) with
        {
            Asynchronous = new AsynchronousMode(MaxStaleness: 0, GradientsPerUpdate: 1),
            WorkerDeadline = TimeSpan.FromMinutes(2),
        };

        await harness.Coordinator("async-stale").StartAsync(run);
        var status = await harness.WaitForAsync("async-stale", status => status.IsFinished, TimeSpan.FromMinutes(3));

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(60, status.Iteration);
        Assert.Equal(60, status.PhiVersion);
        // The fast worker applied updates while the slow one was still unrolling under an older φ: it did not wait.
        Assert.True(status.StaleGradients >= 1, $"no stale gradient was counted ({status.StaleGradients})");
        Assert.Empty(status.DroppedWorkers);
        Assert.Equal(0, status.RejectedGradients);
        Assert.All((await harness.OptimizerAsync("async-stale")).Parameters, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public async Task WithinTheStalenessBoundEveryGradientIsAppliedAndTheModeSurvivesACheckpoint()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2);
        var run = ClusterHarness.SmallRun("async-bounded", iterations: 12, problems: 4, checkpointEvery: 4) with { Asynchronous = new AsynchronousMode(MaxStaleness: 1000, GradientsPerUpdate: 0) };

        await harness.Coordinator("async-bounded").StartAsync(run);
        var status = await harness.WaitForAsync("async-bounded", status => status.IsFinished, TimeSpan.FromMinutes(3));

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(0, status.StaleGradients);
        Assert.Equal(0, status.RejectedGradients);
        var checkpoint = RunCheckpointFormat.Read(await File.ReadAllBytesAsync(Path.Combine(harness.RunsFolder, "async-bounded", "checkpoint.l2lckpt")), "checkpoint");
        Assert.Equal(run.Asynchronous, checkpoint.Spec.Asynchronous);
        Assert.Equal(12, checkpoint.Iteration);
    }

    [Theory]
    [InlineData(-1, 0, SpecFields.MaxStaleness)]
    [InlineData(0, -1, SpecFields.GradientsPerUpdate)]
    public async Task AnOutOfRangeAsynchronousSettingIsRefusedNamingIt(int maxStaleness, int gradientsPerUpdate, string setting)
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        var run = ClusterHarness.SmallRun("async-invalid", iterations: 2) with { Asynchronous = new AsynchronousMode(maxStaleness, gradientsPerUpdate) };

        var error = await Assert.ThrowsAsync<InvalidRunException>(() => harness.Coordinator("async-invalid").StartAsync(run));

        Assert.Equal(setting, error.Setting);
    }
}
