using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Progress;
using L2LCluster.Contracts;
using L2LCluster.Learning.Files;
using L2LCluster.Learning.Training;
using L2LCluster.Telemetry;

namespace L2LCluster.Client.Commands;

/// <summary>
/// Submits a run to a cluster (embedded or remote), follows it until it ends, and keeps its optimizer. Ctrl-C asks
/// the coordinator to stop after the current iteration; the checkpoint it writes lets <c>resume</c> continue.
/// </summary>
internal static class ClusterTraining
{
    public static async Task<int> RunAsync(IClusterSession cluster, RunSpec run, MetaTrainingSpec spec, string outPath, ParseResult result, bool detach, int? reportEvery, CancellationToken cancellation)
    {
        var coordinator = cluster.Grains.GetGrain<ICoordinatorGrain>(run.RunId);
        RunStatus status;
        // The root of the run's trace; it covers the submission only, the coordinator's spans hang off it for the
        // run's whole life.
        using (L2LTelemetry.Source.StartActivity(L2LTelemetry.TrainSpan, ActivityKind.Client)?
            .SetTag(TelemetryTags.RunId, run.RunId)
            .SetTag(TelemetryTags.Problem, spec.Problem)
            .SetTag(TelemetryTags.Iterations, spec.Iterations))
        {
            status = await coordinator.StartAsync(run);
        }

        Console.WriteLine($"Run {run.RunId} started on the {cluster.Description}: {spec.Problems} problems, {spec.Iterations} iterations, {spec.Architecture}.");
        if (detach)
        {
            Console.WriteLine($"Follow it with: l2l watch {run.RunId} --cluster …");
            return ExitCodes.Success;
        }

        return await FollowAsync(coordinator, status, outPath, result, reportEvery, cancellation);
    }

    /// <summary>Follows a running run until it ends (Ctrl-C stops it cleanly), then keeps its spec and optimizer in <paramref name="outPath"/>.</summary>
    public static async Task<int> FollowAsync(ICoordinatorGrain coordinator, RunStatus status, string outPath, ParseResult result, int? reportEvery, CancellationToken cancellation)
    {
        status = await RunProgressDisplay.ShowAsync(result, status, reportEvery,
            view => RunFollower.FollowAsync(coordinator, status, view, stopOnCancel: true, cancellation));
        var optimizer = await coordinator.GetOptimizerFileAsync();
        if (optimizer is not null)
        {
            Directory.CreateDirectory(outPath);
            var file = OptimizerFile.Deserialize(optimizer, $"run {status.RunId}");
            AtomicFile.Write(Path.Combine(outPath, RunDirectory.SpecFile), Encoding.UTF8.GetBytes(file.Info.TrainingSpec));
            AtomicFile.Write(Path.Combine(outPath, RunDirectory.OptimizerFileName), optimizer);
        }

        Console.WriteLine($"Run {status.RunId} {status.State.ToString().ToLowerInvariant()} after {status.Iteration} iterations; {status.DroppedWorkers.Count} worker drops, {status.RejectedGradients} rejected gradients.");
        if (status.Error is { } failure)
        {
            Console.Error.WriteLine($"l2l: run {status.RunId} failed: {failure}");
        }

        if (status is { BestIteration: { } bestIteration, BestValidationLoss: { } bestLoss })
        {
            Console.WriteLine(RunProgressText.KeptBest(bestIteration, bestLoss));
        }

        Console.WriteLine($"Optimizer written to {Path.GetFullPath(Path.Combine(outPath, RunDirectory.OptimizerFileName))}.");
        return status.State switch
        {
            RunState.Completed => ExitCodes.Success,
            RunState.Stopped => ExitCodes.Cancelled,
            _ => ExitCodes.Failure,
        };
    }
}
