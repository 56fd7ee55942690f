namespace L2LCluster.Benchmarks;

/// <summary>One repeat of the cluster comparison: the same fresh run timed in one process and on the embedded cluster.</summary>
internal sealed record ClusterRepeat(RepeatThroughput SingleProcess, RepeatThroughput Embedded)
{
    public double Ratio => Embedded.ProblemStepsPerSecond / SingleProcess.ProblemStepsPerSecond;
}
