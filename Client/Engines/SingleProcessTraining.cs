using System.Globalization;
using L2LCluster.Client.Progress;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using static TorchSharp.torch;

namespace L2LCluster.Client.Engines;

/// <summary>
/// The reference engine: <see cref="MetaTrainer"/> in this process, no Orleans. It leaves the run folder a cluster
/// leaves: the spec, the metrics rows written with each checkpoint, the checkpoint (so <c>resume</c> takes the run up
/// on a cluster) and the optimizer.
/// </summary>
internal static class SingleProcessTraining
{
    public static async Task<int> RunAsync(RunSpec run, IProblemFamily family, Device device, RunFolder folder, int? reportEvery, CancellationToken cancellation)
    {
        // The same record under the same protocol as a coordinator's: the run folder is taken up, and a write that
        // fails (a full disk) ends the run with what was written so far whole.
        var journal = new RunFolderJournal(folder);
        var epoch = (await journal.TakeUpAsync(CancellationToken.None)).Epoch;
        folder.ClearStopRequest();
        using var trainer = new MetaTrainer(run.Training, family, device);
        await journal.WriteAsync(epoch, trainer.Checkpoint(run, RunState.Running), [], CancellationToken.None);
        Console.WriteLine($"Run folder: {folder.Path}");
        var progress = new ProgressPrinter(run.Training.Iterations, reportEvery);
        var rows = new List<MetricsRow>();
        // l2l stop has no cluster to call here: it leaves a request in the run folder, looked for once an iteration.
        while (!trainer.IsComplete && !cancellation.IsCancellationRequested && !folder.IsStopRequested)
        {
            var report = trainer.Step(cancellation);
            rows.Add(MetricsCsv.Row(report));
            if (report.Iteration % run.CheckpointEvery == 0)
            {
                await journal.WriteAsync(epoch, trainer.Checkpoint(run, RunState.Running), rows, CancellationToken.None);
                rows.Clear();
            }

            var validation = report.ValidationLoss is { } loss ? string.Create(CultureInfo.InvariantCulture, $"  validation {loss,9:G4}") : "";
            progress.Report(report.Iteration, report.MetaLoss, report.FinalLoss, string.Create(CultureInfo.InvariantCulture, $"|∇φ| {report.GradientNorm,9:G4}{validation}"));
        }

        var finished = trainer.Checkpoint(run, trainer.IsComplete ? RunState.Completed : RunState.Stopped);
        await journal.WriteOptimizerAsync(epoch, run.RunId, finished.OptimizerFile(), CancellationToken.None);
        await journal.WriteAsync(epoch, finished, rows, CancellationToken.None);
        folder.ClearStopRequest();
        if (trainer.Best is { } best)
        {
            Console.WriteLine(RunProgressText.KeptBest(best.Iteration, best.ValidationLoss));
        }

        if (trainer.RejectedGradients > 0)
        {
            Console.WriteLine($"{trainer.RejectedGradients} meta-gradients were non-finite and not applied.");
        }

        Console.WriteLine($"Optimizer written to {folder.OptimizerPath} after {trainer.Iteration} iterations ({progress.Elapsed.TotalSeconds:F0} s).");
        return trainer.IsComplete ? ExitCodes.Success : ExitCodes.Cancelled;
    }
}
