using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Problems;
using L2LCluster.Runs;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Evaluation;

/// <summary>
/// Tunes a hand-designed optimizer as the paper did: every learning rate of a grid on training problems (never
/// the held-out ones), keeping the one with the lowest score. Diverged runs score +∞.
/// </summary>
public static class LearningRateSearch
{
    /// <summary>Half-decades from 1e-4 to 3: wide enough that every baseline's best lies inside on our families.</summary>
    public static IReadOnlyList<double> DefaultGrid { get; } = [1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0];

    public static TunedBaseline Tune(
        IProblemFamily family,
        BaselineKind kind,
        IReadOnlyList<ulong> tuningSeeds,
        int steps,
        TuningCriterion criterion,
        Device device,
        IReadOnlyList<double>? grid = null,
        EvaluationProgressCounter? progress = null)
    {
        grid ??= DefaultGrid;
        progress ??= EvaluationProgressCounter.None;
        if (grid.Count == 0)
        {
            throw new InvalidSettingException(nameof(ComparisonOptions.LearningRateGrid), "the learning-rate grid must hold at least one value.");
        }

        var trials = grid
            .Select(rate =>
            {
                var optimizer = new BaselineOptimizer(kind, rate);
                var what = EvaluationProgressCounter.Tuning(optimizer.Name, rate);
                progress.Starting(what);
                var curves = OptimizationRun.Run(family, tuningSeeds, optimizer, steps, device);
                progress.Finished(tuningSeeds.Count, what);
                return new LearningRateTrial(rate, curves.FinalLoss, curves.SumOverSteps);
            })
            .ToArray();
        var best = trials.MinBy(trial => trial.Score(criterion))!;
        return new TunedBaseline(new BaselineOptimizer(kind, best.LearningRate), trials);
    }
}
