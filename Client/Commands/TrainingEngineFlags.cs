using System.CommandLine;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Progress;
using L2LCluster.Contracts;
using L2LCluster.Learning;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;

namespace L2LCluster.Client.Commands;

/// <summary>
/// Where a meta-training runs (the embedded cluster, a running one given by --cluster, or the single-process
/// reference trainer), how the cluster runs it and how it is followed: the one way train and experiment launch a run.
/// </summary>
internal sealed class TrainingEngineFlags
{
    public Option<int?> ReportEvery { get; } = new("--report-every") { Description = "Print progress every N iterations (default: about every 2 s)." };

    public Option<string> Engine { get; } = new("--engine") { Description = "embedded (a single-machine cluster in this process) or single-process (the reference trainer).", DefaultValueFactory = _ => "embedded" };

    public Option<int> CheckpointEvery { get; } = new("--checkpoint-every") { Description = "Checkpoint every K iterations (a failure loses at most K).", DefaultValueFactory = _ => 50 };

    public Option<double> WorkerDeadline { get; } = new("--worker-deadline") { Description = "Seconds a worker's unroll may take before it is dropped from the iteration.", DefaultValueFactory = _ => 600 };

    public Option<bool> Asynchronous { get; } = new("--async") { Description = "Asynchronous training: workers never wait for the slowest; gradients older than --max-staleness φ versions are dropped." };

    public Option<int> MaxStaleness { get; } = new("--max-staleness") { Description = "With --async: how many φ versions a gradient may lag and still be applied.", DefaultValueFactory = _ => 2 };

    public Option<int> GradientsPerUpdate { get; } = new("--gradients-per-update") { Description = "With --async: gradients averaged into one Adam step (0: one per worker).", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { ReportEvery, Engine, CheckpointEvery, WorkerDeadline, Asynchronous, MaxStaleness, GradientsPerUpdate })
        {
            command.Add(option);
        }

        GlobalFlags.AddTo(command);
        ClusterFlags.AddTo(command);
        command.Add(RunProgressDisplay.Plain);
    }

    /// <summary>Refuses an unknown --engine before anything is written.</summary>
    public string ReadEngine(ParseResult result)
    {
        var engine = result.GetValue(Engine);
        return engine is "embedded" or "single-process"
            ? engine
            : throw new InvalidSettingException("--engine", $"unknown value '{engine}'; allowed: embedded, single-process.");
    }

    /// <summary>
    /// Meta-trains <paramref name="spec"/> and leaves spec.json and optimizer.l2lopt (and, in this process, metrics.csv)
    /// in <paramref name="outPath"/>, a folder <see cref="RunDirectory.RequireNew"/> accepted.
    /// </summary>
    /// <param name="runName">The run's name on a remote cluster (default: the folder's name).</param>
    public async Task<int> RunAsync(ParseResult result, MetaTrainingSpec spec, IProblemFamily family, string outPath, string? runName, bool detach, CancellationToken cancellation)
    {
        var engine = ReadEngine(result);
        var remote = result.GetValue(ClusterFlags.Endpoint);
        InvalidSettingException.ThrowUnless(remote is not null || !detach, "--detach", "needs --cluster: an embedded cluster ends with this process.");
        Console.WriteLine($"Meta-training on {family.Name}: {spec.Problems} problems × {family.CoordinatesPerProblem} coordinates, unroll {spec.Unroll} of horizon {spec.Horizon}, {spec.Iterations} iterations, {spec.Architecture}.");
        if (remote is null)
        {
            // Sampling one problem checks the family's inputs (data files) before anything is written.
            var device = GlobalFlags.ConfigureTorch(result);
            family.Sample(ProblemSets.Training(spec.Seed, 0, 0, 1), device).Dispose();
            if (engine == "single-process")
            {
                InvalidSettingException.ThrowUnless(!result.GetValue(Asynchronous), "--async", "needs a cluster: the embedded engine or --cluster, not the single-process trainer.");
                return SingleProcessTraining.Run(spec, family, device, outPath, result.GetValue(ReportEvery), cancellation);
            }
        }

        // The embedded cluster keeps the run folder itself, so there the run is named after it.
        var run = new RunSpec(
            remote is not null && runName is not null ? runName : Path.GetFileName(outPath),
            MetaTrainingSpecJson.Serialize(spec),
            result.GetValue(CheckpointEvery),
            TimeSpan.FromSeconds(result.GetValue(WorkerDeadline)),
            result.GetValue(Asynchronous) ? new AsynchronousMode(result.GetValue(MaxStaleness), result.GetValue(GradientsPerUpdate)) : null,
            spec.StartFrom is null ? null : FloatPayload.ToBytes(spec.InitialPhi()));
        if (remote is not null)
        {
            await using var cluster = await RemoteCluster.ConnectAsync(remote, result.GetValue(ClusterFlags.ClusterId)!, cancellation);
            return await ClusterTraining.RunAsync(cluster, run, spec, outPath, result, detach, result.GetValue(ReportEvery), cancellation);
        }

        await using var embedded = await EmbeddedCluster.StartAsync(Path.GetDirectoryName(outPath)!, result.GetValue(GlobalFlags.Device)!, result.GetValue(GlobalFlags.Threads), cancellation);
        using (embedded.Address.WriteTo(outPath))
        {
            return await ClusterTraining.RunAsync(embedded, run, spec, outPath, result, detach: false, result.GetValue(ReportEvery), cancellation);
        }
    }
}
