using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Cluster.Tests;

/// <summary>A run on the cluster is stopped, resumed and given a new total of iterations, and its files say so.</summary>
[Trait("Category", "Cluster")]
public sealed class RunControlTests
{
    private const int Endless = ClusterHarness.Endless;

    private static readonly TimeSpan Timeout = ClusterHarness.RunTimeout;

    [Fact]
    public async Task AStoppedRunKeepsItsCheckpointAndResumesWhereItStopped()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        var coordinator = harness.Coordinator("stop-resume");
        await coordinator.StartAsync(ClusterHarness.SmallRun("stop-resume", iterations: Endless));
        await harness.WaitForAsync("stop-resume", status => status.Iteration >= 3, Timeout);

        var stopped = await coordinator.StopAsync();
        Assert.Equal(RunState.Stopped, stopped.State);
        Assert.Equal(stopped.Iteration, stopped.LastCheckpointIteration);

        var resumed = await coordinator.ResumeAsync(iterations: null);
        Assert.Equal(RunState.Running, resumed.State);
        Assert.Equal(stopped.Iteration, resumed.ResumedFromIteration);
        var later = await harness.WaitForAsync("stop-resume", status => status.Iteration > stopped.Iteration, Timeout);
        Assert.Equal(later.Iteration, later.PhiVersion);
        await coordinator.StopAsync();
    }

    [Fact]
    public async Task AResumeWithMoreIterationsTrainsACompletedRunOnAndItsCheckpointAndOptimizerSaySo()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        var coordinator = harness.Coordinator("extend");
        await coordinator.StartAsync(ClusterHarness.SmallRun("extend", iterations: 5));
        await harness.WaitForAsync("extend", status => status.IsFinished, Timeout);

        var unchanged = await Assert.ThrowsAsync<InvalidRunException>(() => coordinator.ResumeAsync(iterations: null));
        var reached = await Assert.ThrowsAsync<InvalidRunException>(() => coordinator.ResumeAsync(iterations: 5));
        var resumed = await coordinator.ResumeAsync(iterations: 9);
        var finished = await harness.WaitForAsync("extend", status => status.IsFinished, Timeout);

        Assert.Equal((SpecFields.Iterations, SpecFields.Iterations), (unchanged.Setting, reached.Setting));
        Assert.Contains("more iterations than 5", unchanged.Reason, StringComparison.Ordinal);
        Assert.Contains("must be more than the 5 iterations", reached.Reason, StringComparison.Ordinal);
        Assert.Equal((5, 9), (resumed.ResumedFromIteration, resumed.Iterations));
        Assert.Equal((RunState.Completed, 9, 9L, 9), (finished.State, finished.Iteration, finished.PhiVersion, finished.Iterations));
        var folder = Path.Combine(harness.RunsFolder, "extend");
        Assert.Equal(10, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length);
        var checkpoint = RunFolder.At(folder).ReadCheckpoint()!;
        Assert.Equal(9, checkpoint.Spec.Training.Iterations);
        var optimizer = OptimizerFile.Load(Path.Combine(folder, "optimizer.l2lopt"));
        Assert.Equal(9, optimizer.Info.Iterations);
        Assert.Equal(9, SpecJson.Deserialize(optimizer.Info.TrainingSpec, "optimizer").Iterations);
    }

    [Fact]
    public async Task ARunningRunKeepsItsIterationsAndAStoppedOneResumedWithFewerEndsAtThem()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        var coordinator = harness.Coordinator("shorten");
        await coordinator.StartAsync(ClusterHarness.SmallRun("shorten", iterations: Endless));
        await harness.WaitForAsync("shorten", status => status.Iteration >= 2, Timeout);

        var whileRunning = await Assert.ThrowsAsync<InvalidRunException>(() => coordinator.ResumeAsync(iterations: 50));
        var stopped = await coordinator.StopAsync();
        await coordinator.ResumeAsync(iterations: stopped.Iteration + 3);
        var finished = await harness.WaitForAsync("shorten", status => status.IsFinished, Timeout);

        Assert.Contains("stop it before changing its iterations", whileRunning.Reason, StringComparison.Ordinal);
        Assert.Equal(RunState.Stopped, stopped.State);
        Assert.Equal((RunState.Completed, stopped.Iteration + 3), (finished.State, finished.Iteration));
    }
}
