using L2LCluster.Contracts;
using L2LCluster.Grains.Coordinator;
using L2LCluster.Grains.Storage;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace L2LCluster.Cluster.Tests;

/// <summary>No fault of the store and no second writer loses or regresses a run.</summary>
[Trait("Category", "Cluster")]
public sealed class RunStoreFaultTests
{
    private const int Endless = ClusterHarness.Endless;

    private static readonly TimeSpan Timeout = ClusterHarness.RunTimeout;

    [Fact]
    public async Task ARunTrainsOnThroughAStoreOutageIsInterruptedWhenItLastsAndTrainsOnWhenItEnds()
    {
        FaultyRunStore? store = null;
        await using var harness = await ClusterHarness.StartAsync(silos: 1, configure: services =>
        {
            services.Replace(ServiceDescriptor.Singleton<IRunStore>(provider => store = new FaultyRunStore(ActivatorUtilities.CreateInstance<DirectoryRunStore>(provider))));
            services.Configure<RunOptions>(options => options.StoreOutageLimit = TimeSpan.FromSeconds(3));
        });
        await harness.Coordinator("outage").StartAsync(ClusterHarness.SmallRun("outage", Endless, checkpointEvery: 1));
        var before = await harness.WaitForAsync("outage", status => status.Iteration >= 3, Timeout);

        store!.Failing = true;
        var ridden = await harness.WaitForAsync("outage", status => status.Iteration >= before.Iteration + 3, Timeout);
        var interrupted = await harness.WaitForAsync("outage", status => status.State == RunState.Interrupted, Timeout);
        store.Failing = false;
        var back = await harness.WaitForAsync("outage", status => status.State == RunState.Running && status.Iteration > interrupted.Iteration + 2, Timeout);
        var stopped = await harness.Coordinator("outage").StopAsync();

        Assert.True(ridden.State == RunState.Running, $"the run stopped training at the outage's start: {ridden}");
        Assert.Contains("No space left on device", interrupted.Error, StringComparison.Ordinal);
        Assert.Equal(RunState.Stopped, stopped.State);
        AssertEveryIterationOnceUpToTheCheckpoint(harness, "outage", stopped.Iteration);
    }

    [Fact]
    public async Task ACoordinatorWhoseRunWasTakenUpElsewhereStopsWithoutWritingAndTheCheckpointNeverGoesBack()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2);
        await harness.Coordinator("fenced").StartAsync(ClusterHarness.SmallRun("fenced", Endless, checkpointEvery: 1));
        await harness.WaitForAsync("fenced", status => status.Iteration >= 4, Timeout);
        var folder = RunFolder.In(harness.RunsFolder, RunId.Parse("fenced", "run"));
        var sampled = new List<int>();

        // Another coordinator (a second process or cluster on the same folder) takes the run up.
        var elsewhere = new DirectoryRunStore(Options.Create(new DirectoryRunStoreOptions { Directory = harness.RunsFolder }));
        var taken = await elsewhere.TakeUpAsync(RunId.Parse("fenced", "run"), CancellationToken.None);
        using (var deadline = new CancellationTokenSource(Timeout))
        {
            // The fenced coordinator leaves; the run's reminder takes it up again under a newer epoch, and it trains on.
            while (sampled.Count == 0 || sampled[^1] < taken.Checkpoint!.Iteration + 5)
            {
                sampled.Add(folder.ReadCheckpoint()!.Iteration);
                await Task.Delay(50, deadline.Token);
            }
        }

        var stopped = await harness.WaitForAsync("fenced", status => status.Iteration > sampled[^1], Timeout);
        await harness.Coordinator("fenced").StopAsync();

        Assert.Equal(sampled.Order(), sampled);
        Assert.True(long.Parse(File.ReadAllText(Path.Combine(folder.Path, "run.epoch"))) > taken.Epoch, "the run was not taken up again after the other coordinator's take-up");
        AssertEveryIterationOnceUpToTheCheckpoint(harness, "fenced", folder.ReadCheckpoint()!.Iteration);
        Assert.Equal(RunState.Running, stopped.State);
    }

    [Fact]
    public async Task ARunTooBigForTheClustersMessagesIsRefusedAtSubmissionNamingTheLimit()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        var spec = ClusterHarness.SmallTrainingSpec(2, 2) with { HiddenSizes = [2048, 2048] };

        var error = await Assert.ThrowsAsync<InvalidRunException>(() => harness.Coordinator("huge").StartAsync(ClusterHarness.Run("huge", spec)));

        Assert.Equal(Runs.Specs.SpecFields.HiddenSizes, error.Setting);
        Assert.Contains("MaxMessageBodySize", error.Reason, StringComparison.Ordinal);
        Assert.Equal(RunState.Unknown, (await harness.Coordinator("huge").GetStatusAsync()).State);
    }

    /// <summary>metrics.csv holds iterations 1 … the checkpoint's, each once, in order.</summary>
    private static void AssertEveryIterationOnceUpToTheCheckpoint(ClusterHarness harness, string run, int iteration)
    {
        var folder = RunFolder.In(harness.RunsFolder, RunId.Parse(run, "run"));
        var rows = File.ReadAllLines(folder.MetricsPath).Skip(1).Select(line => MetricsCsv.IterationOf(line)!.Value).ToArray();
        Assert.Equal(Enumerable.Range(1, folder.ReadCheckpoint()!.Iteration), rows);
        Assert.True(rows.Length >= iteration, $"{rows.Length} rows for a run stopped at iteration {iteration}");
    }
}
