using L2LCluster.Contracts;
using L2LCluster.Grains.Coordinator;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Security;
using L2LCluster.Hosting;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;
using StackExchange.Redis;

namespace L2LCluster.Cluster.Tests;

/// <summary>An in-process cluster of L2LCluster silos sharing one run folder, with fast failure detection.</summary>
internal sealed class ClusterHarness : IAsyncDisposable
{
    /// <summary>
    /// For runs that something happens to mid-run: more iterations than any machine gets through before the test has
    /// looked, however fast it is; the test stops them.
    /// </summary>
    public const int Endless = 100_000;

    /// <summary>How long a test waits for a run to reach what it waits for.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    private readonly TempFolder _runs;
    private readonly RedisServer _reminders;

    private ClusterHarness(InProcessTestCluster cluster, TempFolder runs, RedisServer reminders)
    {
        Cluster = cluster;
        _runs = runs;
        _reminders = reminders;
    }

    public InProcessTestCluster Cluster { get; }

    public string RunsFolder => _runs.Path;

    public IClusterClient Client => Cluster.Client;

    /// <summary>The first silo's own grain factory (its hosted client): it reaches grains that clients may not call.</summary>
    public IGrainFactory SiloGrains => Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();

    public static async Task<ClusterHarness> StartAsync(int silos, int devicesPerSilo = 1, Action<IServiceCollection>? configure = null, Action<L2LClusterOptions>? families = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos);
        var runs = new TempFolder();
        // Reminders that outlive the silo that registered them, as on a real cluster: the run's wake-up must survive
        // the death of its coordinator's silo.
        var reminders = await RedisServer.StartAsync();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.UseRedisReminderService(options => options.ConfigurationOptions = ConfigurationOptions.Parse(reminders.ConnectionString))
                .AddL2LCluster(families)
                .AddDirectoryRunStore(options => options.Directory = runs.Path);
            silo.Services.Configure<DeviceOptions>(options => options.CpuDevices = devicesPerSilo);
            silo.Services.Configure<RunOptions>(options => options.WakeInterval = TimeSpan.FromSeconds(1));
            // Faster than the defaults (a death is declared in seconds), but not so eager that a silo starved of CPU
            // by the other tests is voted dead while it lives.
            silo.Services.Configure<ClusterMembershipOptions>(options =>
            {
                options.ProbeTimeout = TimeSpan.FromSeconds(2);
                options.NumMissedProbesLimit = 3;
            });
            // The test cluster's client asks every silo's test hooks whether it is up.
            silo.Services.Configure<ClientCallOptions>(options => options.SystemTargets.Add("test.hooks"));
            configure?.Invoke(silo.Services);
        });
        builder.ConfigureClient(client => client.AddActivityPropagation());
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new ClusterHarness(cluster, runs, reminders);
    }

    /// <summary>A small quadratic run: 3-d problems, a one-layer LSTM, short horizons.</summary>
    public static RunSpec SmallRun(string runId, int iterations, int problems = 6, int checkpointEvery = 1000) =>
        new(RunId.Parse(runId, "run"), SmallTrainingSpec(iterations, problems), checkpointEvery, TimeSpan.FromSeconds(20));

    /// <summary>A run of <paramref name="spec"/> as the console submits it.</summary>
    public static RunSpec Run(string runId, MetaTrainingSpec spec, int checkpointEvery = 1000) =>
        new(RunId.Parse(runId, "run"), spec, checkpointEvery, TimeSpan.FromMinutes(1));

    public static MetaTrainingSpec SmallTrainingSpec(int iterations, int problems) =>
        TrainingSpecs.ForFamily(new QuadraticProblems(3), new ProblemOptions { Dimensions = 3 }) with
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
        return OptimizerFile.Deserialize(bytes, runId).Model;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _reminders.Dispose();
        _runs.Dispose();
    }
}
