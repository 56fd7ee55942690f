namespace L2LCluster.Benchmarks;

/// <summary>The timed repeats and their median and range per rate.</summary>
internal sealed record ThroughputResult(IReadOnlyList<RepeatThroughput> Repeats)
{
    public Spread IterationsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.IterationsPerSecond));

    public Spread ProblemStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.ProblemStepsPerSecond));

    public Spread CoordinateStepsPerSecond => Spread.Of(Repeats.Select(repeat => repeat.CoordinateStepsPerSecond));
}
