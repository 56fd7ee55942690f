using L2LCluster.Contracts;
using L2LCluster.Grains;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace L2LCluster.Cluster.Tests;

/// <summary>An in-process cluster of L2LCluster silos sharing one run folder, with fast failure detection.</summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    private readonly TempFolder _runs;

    private ClusterHarness(InProcessTestCluster cluster, TempFolder runs)
    {
        Cluster = cluster;
        _runs = runs;
    }

    public InProcessTestCluster Cluster { get; }

    public string RunsFolder => _runs.Path;

    public IClusterClient Client => Cluster.Client;

    public static async Task<ClusterHarness> StartAsync(int silos, int devicesPerSilo = 1, Action<IServiceCollection>? configure = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        var runs = new TempFolder();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddL2LCluster();
            silo.Services.Configure<DeviceOptions>(options => options.CpuDevices = devicesPerSilo);
            silo.Services.Configure<RunStoreOptions>(options =>
            {
                options.Directory = runs.Path;
                options.ResumeInterval = TimeSpan.FromSeconds(1);
            });
            // Faster than the defaults (a death is declared in seconds), but not so eager that a silo starved of CPU
            // by the other tests is voted dead while it lives.
            silo.Services.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 3;
            });
            configure?.Invoke(silo.Services);
        });
        builder.ConfigureClient(client => client.AddActivityPropagation());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ClusterHarness(cluster, runs);
    }

    /// <summary>A small quadratic run: 3-d problems, a one-layer LSTM, short horizons.</summary>
    public static RunSpec SmallRun(string runId, int iterations, int problems = 6, int checkpointEvery = 1000) =>
        new(runId, MetaTrainingSpecJson.Serialize(SmallTrainingSpec(iterations, problems)), checkpointEvery, TimeSpan.FromSeconds(20));

    public static MetaTrainingSpec SmallTrainingSpec(int iterations, int problems) =>
        MetaTrainingSpec.ForFamily(new QuadraticProblems(3), new ProblemOptions { Dimensions = 3 }) with
        {
            Iterations = iterations,
            Problems = problems,
            Unroll = 4,
            Horizon = 8,
            HiddenSizes = [4],
            Seed = 11,
        };

    public ICoordinatorGrain Coordinator(string runId) => Client.GetGrain<ICoordinatorGrain>(runId);

    /// <summary>Polls the run's status until <paramref name="condition"/> holds; calls that fail while silos die are retried.</summary>
    public async Task<RunStatus> WaitForAsync(string runId, Func<RunStatus, bool> condition, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        RunStatus? last = null;
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                last = await Coordinator(runId).GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(5));
                if (condition(last))
                {
                    return last;
                }
            }
            catch (Exception error) when (error is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
            {
                // The coordinator's silo is going away; the next call activates it elsewhere.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Run {runId} did not reach the expected state in {timeout}; last status: {last}");
    }

    public InProcessSiloHandle SiloOf(string workerOrSiloKey) =>
        Cluster.Silos.Single(silo => silo.SiloAddress.ToParsableString() == WorkerKeys.SiloOf(workerOrSiloKey));

    public async Task<LearnedOptimizerModel> OptimizerAsync(string runId)
    {
        var bytes = await Coordinator(runId).GetOptimizerFileAsync() ?? throw new InvalidOperationException($"Run {runId} has no optimizer.");
        return Learning.Files.OptimizerFile.Deserialize(bytes, runId).Model;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _runs.Dispose();
    }
}
