using L2LCluster.Learning.Baselines;
using L2LCluster.Runs;

namespace L2LCluster.Learning.Evaluation;

/// <summary>How the learned optimizer is compared with the tuned baselines.</summary>
public sealed record ComparisonOptions
{
    /// <summary>Optimization steps per run (the paper's 100).</summary>
    public int Steps { get; init; } = 100;

    /// <summary>Held-out problems, evaluated as one batch.</summary>
    public int Trials { get; init; } = 128;

    /// <summary>Problems per learning rate in the baselines' grid search.</summary>
    public int TuningTrials { get; init; } = 128;

    public ulong Seed { get; init; } = 2016;

    public IReadOnlyList<BaselineKind> Baselines { get; init; } = [BaselineKind.Adam, BaselineKind.RmsProp, BaselineKind.Sgd, BaselineKind.Nag];

    public TuningCriterion TuneBy { get; init; } = TuningCriterion.FinalLoss;

    public IReadOnlyList<double> LearningRateGrid { get; init; } = LearningRateSearch.DefaultGrid;

    public ComparisonOptions Validate()
    {
        if (Steps is < 1 or > 1_000_000)
        {
            throw new InvalidSettingException(nameof(Steps), $"must be between 1 and 1000000; got {Steps}.");
        }

        if (Trials is < 1 or > 1_000_000)
        {
            throw new InvalidSettingException(nameof(Trials), $"must be between 1 and 1000000; got {Trials}.");
        }

        if (TuningTrials is < 1 or > 1_000_000)
        {
            throw new InvalidSettingException(nameof(TuningTrials), $"must be between 1 and 1000000; got {TuningTrials}.");
        }

        if (LearningRateGrid.Count == 0 || LearningRateGrid.Any(rate => !(rate > 0) || !double.IsFinite(rate)))
        {
            throw new InvalidSettingException(nameof(LearningRateGrid), "needs at least one learning rate, each positive and finite.");
        }

        return this;
    }
}
