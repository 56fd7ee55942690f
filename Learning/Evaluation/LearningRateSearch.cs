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

        // Each rate checked once, before any run.
        var optimizers = grid.Select(rate => new BaselineOptimizer(kind, rate)).ToArray();
        var trials = new List<LearningRateTrial>();
        var problems = tuningSeeds.Count;
        // As many rates at once as the family's batches hold, each on its own copy of the tuning problems: rows are
        // independent, so a copy's losses are those of its rate run alone.
        var ratesAtOnce = Math.Max(1, (family.ProblemsAtOnce ?? problems) / problems);
        foreach (var rates in grid.Chunk(ratesAtOnce))
        {
            var what = EvaluationProgressCounter.Tuning(optimizers[0].Name, rates);
            progress.Starting(what);
            var curves = OptimizationRun.Run(family, [.. rates.SelectMany(_ => tuningSeeds)], new BaselineGrid(kind, rates), steps, device);
            progress.Finished(rates.Length * problems, what);
            for (var copy = 0; copy < rates.Length; copy++)
            {
                var own = curves.Problems(copy * problems, problems);
                trials.Add(new LearningRateTrial(rates[copy], own.FinalLoss, own.SumOverSteps));
            }
        }

        var best = trials.MinBy(trial => trial.Score(criterion))!;
        return new TunedBaseline(new BaselineOptimizer(kind, best.LearningRate), trials);
    }
}
