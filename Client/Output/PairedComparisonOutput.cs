using System.Globalization;
using L2LCluster.Learning.Evaluation;

namespace L2LCluster.Client.Output;

/// <summary>How paired comparisons read, in eval's table and an experiment's results.md, and their JSON shape.</summary>
internal static class PairedComparisonOutput
{
    /// <summary>A heading and one list line per comparison; empty when there are none.</summary>
    public static string Text(IReadOnlyList<PairedComparison> comparisons)
    {
        if (comparisons.Count == 0)
        {
            return string.Empty;
        }

        var lines = comparisons.Select(comparison =>
        {
            var difference = comparison.Difference;
            var interval = double.IsFinite(difference.Mean)
                ? string.Create(CultureInfo.InvariantCulture, $"{difference.Mean:G3} [{difference.Low:G3}, {difference.High:G3}]")
                : difference.Mean.ToString(CultureInfo.InvariantCulture);
            return $"- {comparison.Learned}, {ScoreName(comparison.Score)}: {interval} against {comparison.Baseline}: {Verdict(difference.Verdict)}";
        });
        return string.Create(CultureInfo.InvariantCulture, $"Paired on the {comparisons[0].Difference.Pairs} held-out problems (learned − best tuned baseline; mean and 95 % interval):")
            + Environment.NewLine + string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }

    public static object Describe(PairedComparison comparison) => new
    {
        learned = comparison.Learned,
        score = comparison.Score == TuningCriterion.FinalLoss ? "finalLoss" : "sumOverSteps",
        baseline = comparison.Baseline,
        pairs = comparison.Difference.Pairs,
        mean = EvaluationJson.Number(comparison.Difference.Mean),
        standardError = EvaluationJson.Number(comparison.Difference.StandardError),
        low = EvaluationJson.Number(comparison.Difference.Low),
        high = EvaluationJson.Number(comparison.Difference.High),
        verdict = Verdict(comparison.Difference.Verdict),
    };

    private static string ScoreName(TuningCriterion score) => score == TuningCriterion.FinalLoss ? "final loss" : "sum of losses";

    private static string Verdict(PairedVerdict verdict) => verdict.ToString().ToLowerInvariant();
}
