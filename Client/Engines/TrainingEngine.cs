using System.CommandLine;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Flags;
using L2LCluster.Learning;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Engines;

/// <summary>The one way train and experiment launch a run: on the engine and cluster the flags name.</summary>
internal static class TrainingEngine
{
    /// <summary>
    /// Meta-trains <paramref name="spec"/> into <paramref name="folder"/>, a new run folder. The single process and the
    /// embedded cluster keep the whole run there (the embedded cluster's run store is the folder's parent); a remote
    /// cluster keeps the run in its own store, and the folder gets its spec and optimizer when it ends.
    /// </summary>
    /// <param name="runName">The run's name on a remote cluster (default: the folder's name).</param>
    public static async Task<int> RunAsync(
        EngineFlags flags, ParseResult result, MetaTrainingSpec spec, IProblemFamily family, RunFolder folder, string? runName, bool detach, CancellationToken cancellation)
    {
        var engine = flags.ReadEngine(result);
        var remote = ClusterFlags.Address(result);
        InvalidSettingException.ThrowUnless(remote is not null || !detach, "--detach", "needs --cluster: an embedded cluster ends with this process.");
        var runId = remote is not null && runName is not null ? RunId.Parse(runName, "--run") : RunId.Parse(folder.Name, "--out");
        Console.WriteLine($"Meta-training on {family.Name}: {spec.Problems} problems × {family.CoordinatesPerProblem} coordinates, unroll {spec.Unroll} of horizon {spec.Horizon}, {spec.Iterations} iterations, {spec.Architecture}{(spec.Estimator is { } estimator ? $", estimator {estimator}" : "")}{(spec.UnrollSchedule is { } schedule ? $", episodes {schedule}" : "")}.");
        if (remote is not null)
        {
            var run = flags.Run(result, runId, spec, StartingPhi(spec));
            await using var cluster = await RemoteCluster.ConnectAsync(remote, cancellation);
            return await ClusterTraining.RunAsync(cluster, run, folder, result, detach, result.GetValue(flags.ReportEvery), cancellation);
        }

        // Sampling one problem checks the family's inputs (data files) before anything is written.
        var device = GlobalFlags.ConfigureTorch(result);
        family.Sample(ProblemSets.Training(spec.Seed, 0, 0, 1), device).Dispose();
        using var trainer = await RunFolderLock.TryTakeAsync(folder, cancellation)
            ?? throw new InvalidSettingException("--out", $"'{folder.Path}' is being trained by another l2l process.");
        if (engine == EngineFlags.SingleProcess)
        {
            InvalidSettingException.ThrowUnless(!result.GetValue(flags.Asynchronous), flags.Asynchronous.Name, "needs a cluster: the embedded engine or --cluster, not the single-process trainer.");
            NativeHeap.CollectBetweenStepsOnThisThreadOnly();
            return await SingleProcessTraining.RunAsync(flags.Run(result, runId, spec, null), family, device, folder, result.GetValue(flags.ReportEvery), cancellation);
        }

        var embeddedRun = flags.Run(result, runId, spec, StartingPhi(spec));
        await using var embedded = await EmbeddedCluster.StartAsync(Path.GetDirectoryName(folder.Path)!, result.GetValue(GlobalFlags.Device)!, result.GetValue(GlobalFlags.Threads), cancellation);
        using (embedded.Address.WriteTo(folder))
        {
            return await ClusterTraining.RunAsync(embedded, embeddedRun, copyTo: null, result, detach: false, result.GetValue(flags.ReportEvery), cancellation);
        }
    }

    /// <summary>A cluster's silos may not see the file a run starts from: φ travels with the run.</summary>
    private static byte[]? StartingPhi(MetaTrainingSpec spec) => spec.StartFrom is null ? null : FloatPayload.ToBytes(spec.InitialPhi());
}
