using System.Globalization;
using L2LCluster.Client.Progress;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using static TorchSharp.torch;

namespace L2LCluster.Client.Commands;

/// <summary>The reference engine: <see cref="MetaTrainer"/> in this process, no Orleans.</summary>
internal static class SingleProcessTraining
{
    public static int Run(MetaTrainingSpec spec, IProblemFamily family, Device device, string outPath, int? reportEvery, CancellationToken cancellation)
    {
        using var run = RunDirectory.Create(outPath, spec);
        Console.WriteLine($"Run folder: {run.Path}");
        using var trainer = new MetaTrainer(spec, family, device);
        var progress = new ProgressPrinter(spec.Iterations, reportEvery);
        while (!trainer.IsComplete && !cancellation.IsCancellationRequested)
        {
            var report = trainer.Step(cancellation);
            run.Record(report);
            var validation = report.ValidationLoss is { } loss ? string.Create(CultureInfo.InvariantCulture, $"  validation {loss,9:G4}") : "";
            progress.Report(report.Iteration, report.MetaLoss, report.FinalLoss, string.Create(CultureInfo.InvariantCulture, $"|∇φ| {report.GradientNorm,9:G4}{validation}"));
        }

        run.SaveOptimizer(trainer.ToModel(), spec, trainer.ModelIteration);
        if (trainer.Best is { } best)
        {
            Console.WriteLine(RunProgressText.KeptBest(best.Iteration, best.ValidationLoss));
        }

        if (trainer.RejectedGradients > 0)
        {
            Console.WriteLine($"{trainer.RejectedGradients} meta-gradients were non-finite and not applied.");
        }

        Console.WriteLine($"Optimizer written to {run.OptimizerPath} after {trainer.Iteration} iterations ({progress.Elapsed.TotalSeconds:F0} s).");
        return cancellation.IsCancellationRequested ? ExitCodes.Cancelled : ExitCodes.Success;
    }
}
