using L2LCluster.Grains.Coordinator;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Cluster.Tests;

/// <summary>A finished run keeps its files, not an activation: a cluster that ran thousands of runs holds none of their coordinators.</summary>
[Trait("Category", "Cluster")]
public sealed class FinishedRunTests
{
    private const int Runs = 200;
    private static readonly TimeSpan Timeout = ClusterHarness.RunTimeout;

    [Fact]
    public async Task AClusterThatHasCompletedTwoHundredRunsHoldsNoCoordinatorForThem()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2);
        var names = Enumerable.Range(0, Runs).Select(index => $"short-{index}").ToArray();

        await Task.WhenAll(names.Select(name => harness.Coordinator(name).StartAsync(ClusterHarness.SmallRun(name, iterations: 1, problems: 2))));
        // Nobody polls the runs: their checkpoints say when they have finished.
        using var deadline = new CancellationTokenSource(Timeout);
        while (!names.All(name => RunFolder.In(harness.RunsFolder, RunId.Parse(name, "run")).ReadCheckpoint()?.State == RunState.Completed))
        {
            await Task.Delay(200, deadline.Token);
        }

        var coordinators = await CoordinatorActivationsAsync(harness, until: count => count == 0, deadline.Token);

        Assert.Equal(0, coordinators);
        Assert.Equal(Runs, (await harness.Client.GetGrain<Contracts.IRunCatalogGrain>(0).ListRunsAsync()).Count);
    }

    [Fact]
    public async Task AFinishedRunsStatusStillShowsWhoWorkedOnItAfterItsCoordinatorLeft()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2);
        await harness.Coordinator("left").StartAsync(ClusterHarness.SmallRun("left", iterations: 3));
        var finished = await harness.WaitForAsync("left", status => status.IsFinished, Timeout);
        using var deadline = new CancellationTokenSource(Timeout);
        await CoordinatorActivationsAsync(harness, until: count => count == 0, deadline.Token);

        var read = await harness.Coordinator("left").GetStatusAsync();

        Assert.Equal((RunState.Completed, 3), (read.State, read.Iteration));
        Assert.Equal(finished.LiveWorkers, read.LiveWorkers);
        Assert.Equal(2, read.LiveWorkers.Count);
    }

    /// <summary>The cluster's coordinator activations, polled until <paramref name="until"/> holds (deactivation is not instantaneous).</summary>
    private static async Task<int> CoordinatorActivationsAsync(ClusterHarness harness, Func<int, bool> until, CancellationToken cancellation)
    {
        var management = harness.SiloGrains.GetGrain<IManagementGrain>(0);
        while (true)
        {
            var statistics = await management.GetSimpleGrainStatistics();
            var count = statistics.Where(entry => entry.GrainType.Contains(nameof(CoordinatorGrain), StringComparison.Ordinal)).Sum(entry => entry.ActivationCount);
            if (until(count) || cancellation.IsCancellationRequested)
            {
                return count;
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }
}
