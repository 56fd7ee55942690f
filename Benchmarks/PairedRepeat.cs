namespace L2LCluster.Benchmarks;

/// <summary>
/// One repeat of a side-by-side comparison: the same fresh run timed one way and then the other, back to back, so
/// that a shared machine's drift hits both alike. Throughput: single process, then embedded cluster; asynchronous
/// section: synchronous, then asynchronous.
/// </summary>
internal sealed record PairedRepeat(RepeatThroughput Baseline, RepeatThroughput Candidate)
{
    public double Ratio => Candidate.ProblemStepsPerSecond / Baseline.ProblemStepsPerSecond;
}
