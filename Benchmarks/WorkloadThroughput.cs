namespace L2LCluster.Benchmarks;

/// <summary>One workload's paired repeats: the single-process trainer against the embedded cluster.</summary>
/// <param name="FlopsPerCoordinateStep">The learned optimizer's matrix-product FLOPs per coordinate-step (<see cref="LstmFlops"/>).</param>
internal sealed record WorkloadThroughput(
    string Workload,
    long Coordinates,
    int IterationsPerRepeat,
    double FlopsPerCoordinateStep,
    IReadOnlyList<PairedRepeat> Repeats)
{
    /// <summary>What the cluster's grains, messages and polling may cost: at most 5% of the trainer's speed.</summary>
    public const double TargetRatio = 0.95;

    public Spread SingleProcessProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Baseline.ProblemStepsPerSecond));

    public Spread SingleProcessCoordinateStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Baseline.CoordinateStepsPerSecond));

    public Spread EmbeddedProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Candidate.ProblemStepsPerSecond));

    public Spread EmbeddedCoordinateStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Candidate.CoordinateStepsPerSecond));

    /// <summary>
    /// The repeats' own ratios: each pair ran back to back, so a shared machine's load, which swings the medians
    /// apart, mostly cancels within a pair. The verdict rests on their median.
    /// </summary>
    public Spread PairedRatio => Spread.Of(Repeats.Select(repeat => repeat.Ratio));

    public bool MeetsTarget => PairedRatio.Median >= TargetRatio;

    /// <summary>The single-process trainer's median matrix-product FLOP rate.</summary>
    public double FlopsPerSecond => SingleProcessCoordinateStepsPerSecond.Median * FlopsPerCoordinateStep;
}
