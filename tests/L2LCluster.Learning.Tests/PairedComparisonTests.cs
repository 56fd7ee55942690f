using L2LCluster.Learning.Evaluation;

namespace L2LCluster.Learning.Tests;

public sealed class PairedComparisonTests
{
    [Theory]
    [InlineData(8, 2.3646)]
    [InlineData(16, 2.1314)]
    [InlineData(32, 2.0395)]
    [InlineData(128, 1.9788)]
    public void TheIntervalIsTheStandardErrorTimesStudentsQuantileForThePairsDegreesOfFreedom(int pairs, double quantile)
    {
        var difference = new PairedDifference(pairs, Mean: 0, StandardError: 1);

        Assert.Equal(quantile, difference.HalfWidth, 1e-3);
    }

    [Fact]
    public void TheMeanAndStandardErrorAreThoseOfTheDifferencesProblemByProblem()
    {
        double[] baseline = [1, 2, 3, 4, 5, 6, 7, 8];
        double[] learned = [0.9, 2.1, 2.8, 4.0, 4.7, 6.1, 6.9, 7.6];

        var difference = PairedDifference.Of(learned, baseline);

        var deltas = learned.Zip(baseline, (a, b) => a - b).ToArray();
        var mean = deltas.Average();
        Assert.Equal(mean, difference.Mean, 1e-12);
        Assert.Equal(Math.Sqrt(deltas.Sum(delta => (delta - mean) * (delta - mean)) / 7 / 8), difference.StandardError, 1e-12);
        Assert.Equal(8, difference.Pairs);
    }

    [Fact]
    public void PairingFindsAGapFarSmallerThanTheSpreadBetweenProblems()
    {
        var random = new Random(3);
        var baseline = Enumerable.Range(0, 32).Select(_ => 0.5 + (0.2 * random.NextDouble())).ToArray();
        var learned = baseline.Select(loss => loss - 0.004 + (0.002 * (random.NextDouble() - 0.5))).ToArray();

        var difference = PairedDifference.Of(learned, baseline);

        Assert.Equal(PairedVerdict.Ahead, difference.Verdict);
        Assert.True(difference.High < 0 && difference.Low > -0.005, $"{difference.Low} to {difference.High}");
        Assert.Equal(PairedVerdict.Behind, PairedDifference.Of(baseline, learned).Verdict);
    }

    [Fact]
    public void AGapWithinTheNoiseIsLevel()
    {
        var random = new Random(4);
        var baseline = Enumerable.Range(0, 16).Select(_ => 0.5 + (0.2 * random.NextDouble())).ToArray();
        var learned = baseline.Select((loss, index) => loss + (index % 2 == 0 ? 0.01 : -0.01)).ToArray();

        Assert.Equal(PairedVerdict.Level, PairedDifference.Of(learned, baseline).Verdict);
    }

    [Fact]
    public void ADivergedLearnedRunIsBehindAndTwoDivergedRunsAreUndetermined()
    {
        var baseline = Enumerable.Repeat(0.5, 8).ToArray();
        var learned = baseline.Select((loss, index) => index == 3 ? double.NaN : loss).ToArray();

        Assert.Equal(PairedVerdict.Behind, PairedDifference.Of(learned, baseline).Verdict);
        Assert.Equal(PairedVerdict.Ahead, PairedDifference.Of(baseline, learned).Verdict);
        Assert.Equal(PairedVerdict.Undetermined, PairedDifference.Of(learned, learned).Verdict);
    }

    [Fact]
    public void TooFewOrUnmatchedProblemsAreRefusedNamingTheCounts()
    {
        var tooFew = Assert.Throws<ArgumentException>(() => PairedDifference.Of(new double[7], new double[7]));
        var unmatched = Assert.Throws<ArgumentException>(() => PairedDifference.Of(new double[8], new double[9]));

        Assert.Contains("at least 8 problems; got 7", tooFew.Message, StringComparison.Ordinal);
        Assert.Contains("got 8 and 9", unmatched.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachLearnedOptimizerIsPairedWithTheBestBaselineByEachScore()
    {
        // NAG ends lowest; Adam is lower on the way, so it has the lowest sum.
        var evaluations = new[]
        {
            Evaluation("LSTM", null, start: 1.0, end: 0.45),
            Evaluation("Adam", 0.01, start: 0.6, end: 0.50),
            Evaluation("NAG", 0.3, start: 1.2, end: 0.48),
        };

        var comparisons = PairedComparison.AgainstBestBaselines(evaluations);

        Assert.Equal([("LSTM", TuningCriterion.FinalLoss, "NAG"), ("LSTM", TuningCriterion.SumOverSteps, "Adam")], comparisons.Select(comparison => (comparison.Learned, comparison.Score, comparison.Baseline)));
        Assert.Equal(0.45 - 0.48, comparisons[0].Difference.Mean, 1e-9);
        Assert.Equal(evaluations[0].Curves.SumOverSteps - evaluations[1].Curves.SumOverSteps, comparisons[1].Difference.Mean, 1e-9);
        Assert.Empty(PairedComparison.AgainstBestBaselines([.. evaluations.Select(evaluation => evaluation with { Curves = evaluation.Curves.Problems(0, 7) })]));
        Assert.Empty(PairedComparison.AgainstBestBaselines([evaluations[0]]));
    }

    /// <summary>Ten problems whose losses fall linearly from start to end over four steps, each offset by its index.</summary>
    private static OptimizerEvaluation Evaluation(string name, double? learningRate, double start, double end)
    {
        var losses = Enumerable.Range(0, 5)
            .Select(step => Enumerable.Range(0, 10).Select(problem => start + ((end - start) * step / 4) + (0.01 * problem)).ToArray())
            .ToArray();
        return new OptimizerEvaluation(name, learningRate, new LossCurves(losses));
    }
}
