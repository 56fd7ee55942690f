namespace L2LCluster.Benchmarks;

/// <summary>One workload's paired repeats: truncated BPTT (baseline) against forward-only ES with one perturbation (candidate).</summary>
internal sealed record EstimatorThroughput(string Workload, int IterationsPerRepeat, IReadOnlyList<PairedRepeat> Repeats)
{
    /// <summary>A forward pass without a graph to keep or walk back should go at least this much faster per problem-step.</summary>
    public const double TargetRatio = 2.5;

    public Spread BackpropagationProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Baseline.ProblemStepsPerSecond));

    public Spread EvolutionProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Candidate.ProblemStepsPerSecond));

    public Spread PairedRatio => Spread.Of(Repeats.Select(repeat => repeat.Ratio));

    public bool MeetsTarget => PairedRatio.Median >= TargetRatio;
}
