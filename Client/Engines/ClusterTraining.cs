using System.CommandLine;
using System.Diagnostics;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Progress;
using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using L2LCluster.Telemetry;

namespace L2LCluster.Client.Engines;

/// <summary>
/// Submits a run to a cluster (embedded or remote), follows it until it ends, and keeps its optimizer. Ctrl-C asks
/// the coordinator to stop after the current iteration; the checkpoint it writes lets <c>resume</c> continue.
/// </summary>
internal static class ClusterTraining
{
    /// <param name="cluster">Where the run trains.</param>
    /// <param name="run">The run, checked.</param>
    /// <param name="copyTo">Where the run's spec and optimizer go when it ends; null when the cluster's run store is that folder (the embedded cluster).</param>
    /// <param name="result">The command's flags.</param>
    /// <param name="detach">Return once the run is accepted.</param>
    /// <param name="reportEvery">Plain progress every this many iterations.</param>
    /// <param name="cancellation">Ctrl-C.</param>
    public static async Task<int> RunAsync(IClusterSession cluster, RunSpec run, RunFolder? copyTo, ParseResult result, bool detach, int? reportEvery, CancellationToken cancellation)
    {
        var coordinator = cluster.Coordinator(run.RunId);
        RunStatus status;
        // The root of the run's trace; it covers the submission only, the coordinator's spans hang off it for the
        // run's whole life.
        using (L2LTelemetry.Source.StartActivity(L2LTelemetry.TrainSpan, ActivityKind.Client)?
            .SetTag(TelemetryTags.RunId, run.RunId.Value)
            .SetTag(TelemetryTags.Problem, run.Training.Problem)
            .SetTag(TelemetryTags.Iterations, run.Training.Iterations))
        {
            status = await coordinator.StartAsync(run);
        }

        Console.WriteLine($"Run {run.RunId} started on the {cluster.Description}: {run.Training.Problems} problems, {run.Training.Iterations} iterations, {run.Training.Architecture}.");
        if (detach)
        {
            Console.WriteLine($"Follow it with: l2l watch {run.RunId} --cluster …");
            return ExitCodes.Success;
        }

        return await FollowAsync(cluster, status, copyTo, result, reportEvery, cancellation);
    }

    /// <summary>Follows a running run until it ends (Ctrl-C stops it cleanly), then keeps its spec and optimizer in <paramref name="copyTo"/>.</summary>
    public static async Task<int> FollowAsync(IClusterSession cluster, RunStatus status, RunFolder? copyTo, ParseResult result, int? reportEvery, CancellationToken cancellation)
    {
        var coordinator = cluster.Coordinator(status.RunId);
        var failovers = new CoordinatorFailovers();
        status = await RunProgressDisplay.ShowAsync(result, status, reportEvery,
            view => RunFollower.FollowAsync(coordinator, status, view, stopOnCancel: true, cancellation, failovers));
        var optimizerPath = copyTo is null ? null : await CopyAsync(coordinator, status.RunId, copyTo);
        Console.WriteLine($"Run {status.RunId} {status.State.ToString().ToLowerInvariant()} after {status.Iteration} iterations; {status.DroppedWorkers.Count} worker drops, {status.RejectedGradients} rejected gradients{failovers.Summary()}.");
        if (status.Error is { } failure)
        {
            Console.Error.WriteLine($"l2l: run {status.RunId} failed: {failure}");
        }

        if (status is { BestIteration: { } bestIteration, BestValidationLoss: { } bestLoss })
        {
            Console.WriteLine(RunProgressText.KeptBest(bestIteration, bestLoss));
        }

        if ((optimizerPath ?? cluster.RunFolder(status.RunId)?.OptimizerPath) is { } written && File.Exists(written))
        {
            Console.WriteLine($"Optimizer written to {written}.");
        }

        return status.State switch
        {
            RunState.Completed => ExitCodes.Success,
            RunState.Stopped => ExitCodes.Cancelled,
            _ => ExitCodes.Failure,
        };
    }

    /// <summary>The run's spec and optimizer, as the coordinator has them, into <paramref name="folder"/>; the optimizer's path.</summary>
    private static async Task<string?> CopyAsync(ICoordinatorGrain coordinator, RunId runId, RunFolder folder)
    {
        if (await coordinator.GetOptimizerFileAsync() is not { } optimizer)
        {
            return null;
        }

        var file = OptimizerFile.Deserialize(optimizer, $"run {runId}'s optimizer");
        folder.WriteSpec(SpecJson.Parse(file.Info.TrainingSpec, $"run {runId}'s spec"));
        folder.WriteOptimizer(optimizer);
        return folder.OptimizerPath;
    }
}
