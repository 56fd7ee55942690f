using System.Diagnostics;
using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>
/// Minutes to a useful optimizer: the reference workload meta-trained from a fresh φ, one run per repeat (seeds 1, 2, …),
/// each stopped at the first evaluation where the learned optimizer beats tuned Adam on a fixed held-out set by the sum
/// of losses over the horizon. Only the meta-iterations are timed; the evaluations every
/// <see cref="EvaluateEvery"/> iterations are reported apart.
/// </summary>
internal static class UsefulnessBenchmark
{
    /// <summary>Iterations between two evaluations: the resolution of the figure.</summary>
    public const int EvaluateEvery = 25;

    /// <summary>Held-out problems, and as many tuning problems per learning rate for Adam.</summary>
    public const int Problems = 32;

    /// <summary>The held-out and tuning problems are the same for every repeat, drawn from this seed.</summary>
    private const ulong HeldOutSeed = 2016;

    public static UsefulnessResult Run(BenchmarkSettings settings, BenchmarkWorkload workload, Device device, TextWriter progress)
    {
        var family = workload.CreateFamily();
        var heldOut = ProblemSets.HeldOut(HeldOutSeed, Problems);
        var adam = LearningRateSearch.Tune(family, BaselineKind.Adam, ProblemSets.Tuning(HeldOutSeed, Problems), BenchmarkSettings.Horizon, TuningCriterion.SumOverSteps, device);
        var target = OptimizationRun.Run(family, heldOut, adam.Optimizer, BenchmarkSettings.Horizon, device).SumOverSteps;
        progress.WriteLine($"usefulness {workload.Name}: tuned Adam (learning rate {adam.Optimizer.LearningRate}) has a held-out sum of losses of {target:G4}.");
        var repeats = Enumerable.Range(1, settings.Repeats).Select(seed =>
        {
            var repeat = TrainUntilAhead(BenchmarkSettings.Spec(workload, family, settings.UsefulnessIterations) with { Seed = (ulong)seed }, family, heldOut, target, device);
            var outcome = repeat.Iterations is { } iterations ? $"ahead of Adam after {iterations} iterations, {repeat.TrainingSeconds:F1} s" : $"not ahead of Adam in {settings.UsefulnessIterations} iterations";
            progress.WriteLine($"usefulness {workload.Name}: repeat {seed}/{settings.Repeats}: {outcome} (best sum {repeat.BestSum:G4}; evaluations {repeat.EvaluationSeconds:F1} s)");
            return repeat;
        }).ToArray();
        return new UsefulnessResult(workload.Name, adam.Optimizer.LearningRate, target, EvaluateEvery, settings.UsefulnessIterations, repeats);
    }

    private static UsefulnessRepeat TrainUntilAhead(MetaTrainingSpec spec, IProblemFamily family, ulong[] heldOut, double target, Device device)
    {
        using var trainer = new MetaTrainer(spec, family, device);
        var training = new Stopwatch();
        var evaluation = new Stopwatch();
        var best = double.PositiveInfinity;
        while (!trainer.IsComplete)
        {
            training.Start();
            for (var iteration = 0; iteration < EvaluateEvery && !trainer.IsComplete; iteration++)
            {
                trainer.Step();
            }

            training.Stop();
            evaluation.Start();
            var sum = OptimizationRun.Run(family, heldOut, new LearnedOptimizerFactory(trainer.ToModel()), BenchmarkSettings.Horizon, device).SumOverSteps;
            evaluation.Stop();
            best = Math.Min(best, sum);
            if (sum < target)
            {
                return new UsefulnessRepeat(trainer.Iteration, training.Elapsed.TotalSeconds, evaluation.Elapsed.TotalSeconds, best);
            }
        }

        return new UsefulnessRepeat(null, training.Elapsed.TotalSeconds, evaluation.Elapsed.TotalSeconds, best);
    }
}
