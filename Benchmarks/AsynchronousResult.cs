namespace L2LCluster.Benchmarks;

/// <summary>Paired fresh runs: synchronous as the baseline, asynchronous as the candidate.</summary>
internal sealed record AsynchronousResult(string Workload, int Workers, double Slowdown, int MaxStaleness, IReadOnlyList<PairedRepeat> Repeats)
{
    public Spread SynchronousProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Baseline.ProblemStepsPerSecond));

    public Spread AsynchronousProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.Candidate.ProblemStepsPerSecond));

    /// <summary>Asynchronous over synchronous, per pair.</summary>
    public Spread PairedRatio => Spread.Of(Repeats.Select(repeat => repeat.Ratio));
}
