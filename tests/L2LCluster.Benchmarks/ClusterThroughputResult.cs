namespace L2LCluster.Benchmarks;

/// <summary>The embedded cluster's throughput against the single-process trainer's on the same runs.</summary>
internal sealed record ClusterThroughputResult(IReadOnlyList<ClusterRepeat> Repeats)
{
    /// <summary>What the cluster's grains, messages and polling may cost: at most 5% of the trainer's speed.</summary>
    public const double TargetRatio = 0.95;

    public Spread SingleProcessProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.SingleProcess.ProblemStepsPerSecond));

    public Spread EmbeddedProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Embedded.ProblemStepsPerSecond));

    /// <summary>The embedded median over the single-process median.</summary>
    public double Ratio => EmbeddedProblemStepsPerSecond.Median / SingleProcessProblemStepsPerSecond.Median;

    /// <summary>
    /// The repeats' own ratios: each pair ran back to back, so a shared machine's load, which swings the medians
    /// above apart, mostly cancels within a pair. The verdict rests on their median.
    /// </summary>
    public Spread PairedRatio => Spread.Of(Repeats.Select(repeat => repeat.Ratio));

    public bool MeetsTarget => PairedRatio.Median >= TargetRatio;
}
