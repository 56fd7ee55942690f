using L2LCluster.Learning.Baselines;
using L2LCluster.Learning.Evaluation;
using L2LCluster.Learning.Problems;
using static TorchSharp.torch;

namespace L2LCluster.Learning.Tests;

public sealed class LearningRateSearchTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public LearningRateSearchTests()
    {
        IdxWriter.WriteDataset(_folder.Path, trainCount: 50, testCount: 20);
    }

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, BaselineKind> Cases
    {
        get
        {
            var cases = new TheoryData<string, BaselineKind>();
            foreach (var family in SmallFamilies.Names)
            {
                foreach (var kind in Enum.GetValues<BaselineKind>())
                {
                    cases.Add(family, kind);
                }
            }

            return cases;
        }
    }

    /// <summary>
    /// The grid runs its rates together, each on a copy of the tuning problems; every rate's losses are those of the rate
    /// run alone, to float tolerance: the MLP's first layer takes every copy in one wider product, whose sums round
    /// differently, and RMSprop's first step (g / (0.1 |g| + ε)) turns a gradient component that rounds to the other
    /// side of zero into a full step the other way, which moved one sum here by 7 parts in 10⁵. A copy stepped at
    /// another copy's rate, or on another problem's minibatch, is off by far more.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryRateOfTheGridRunTogetherScoresAsWhenRunAlone(string name, BaselineKind kind)
    {
        var family = SmallFamilies.Named(name, _folder.Path);
        var seeds = ProblemSets.Tuning(11, 3);
        IReadOnlyList<double> grid = [1e-3, 0.03, 0.3];

        var tuned = LearningRateSearch.Tune(family, kind, seeds, steps: 6, TuningCriterion.SumOverSteps, CPU, grid);

        Assert.Equal(grid, tuned.Trials.Select(trial => trial.LearningRate));
        foreach (var trial in tuned.Trials)
        {
            var alone = OptimizationRun.Run(family, seeds, new BaselineOptimizer(kind, trial.LearningRate), 6, CPU);
            AssertSameToFloatTolerance(alone.FinalLoss, trial.FinalLoss);
            AssertSameToFloatTolerance(alone.SumOverSteps, trial.SumOverSteps);
        }

        Assert.Equal(tuned.Trials.MinBy(trial => trial.SumOverSteps)!.LearningRate, tuned.Optimizer.LearningRate);
    }

    private static void AssertSameToFloatTolerance(double expected, double actual) =>
        Assert.True(expected == actual || Math.Abs(expected - actual) <= 1e-3 * Math.Abs(expected), $"expected {expected}, got {actual}");
}
