namespace L2LCluster.Learning.Evaluation;

/// <summary>
/// A learned optimizer against the best tuned baseline by one score (the lowest mean on the held-out problems), paired
/// problem by problem: what a table of means cannot say, whether the gap is larger than the problems' noise.
/// </summary>
public sealed record PairedComparison(string Learned, TuningCriterion Score, string Baseline, PairedDifference Difference)
{
    /// <summary>
    /// Every learned optimizer (no learning rate) against the best baseline by final loss and by sum; none when there
    /// is no baseline or fewer than <see cref="PairedDifference.MinimumPairs"/> problems.
    /// </summary>
    public static IReadOnlyList<PairedComparison> AgainstBestBaselines(IReadOnlyList<OptimizerEvaluation> evaluations)
    {
        ArgumentNullException.ThrowIfNull(evaluations);
        var baselines = evaluations.Where(evaluation => evaluation.LearningRate is not null).ToArray();
        if (baselines.Length == 0 || evaluations[0].Curves.ProblemCount < PairedDifference.MinimumPairs)
        {
            return [];
        }

        return
        [
            .. from learned in evaluations.Where(evaluation => evaluation.LearningRate is null)
               from score in new[] { TuningCriterion.FinalLoss, TuningCriterion.SumOverSteps }
               let best = baselines.MinBy(baseline => Mean(baseline.Curves, score))!
               select new PairedComparison(learned.Name, score, best.Name, PairedDifference.Of(PerProblem(learned.Curves, score), PerProblem(best.Curves, score))),
        ];
    }

    private static double Mean(LossCurves curves, TuningCriterion score) =>
        score == TuningCriterion.FinalLoss ? curves.FinalLoss : curves.SumOverSteps;

    private static IReadOnlyList<double> PerProblem(LossCurves curves, TuningCriterion score) =>
        score == TuningCriterion.FinalLoss ? curves.FinalLossPerProblem : curves.SumOverStepsPerProblem;
}
