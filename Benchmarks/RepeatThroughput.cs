namespace L2LCluster.Benchmarks;

/// <summary>One timed block of consecutive meta-iterations.</summary>
/// <param name="Seconds">Wall time of the whole block, Adam steps and problem sampling included.</param>
internal sealed record RepeatThroughput(int Iterations, double Seconds, long ProblemSteps, long CoordinateSteps)
{
    public double IterationsPerSecond => Iterations / Seconds;

    public double ProblemStepsPerSecond => ProblemSteps / Seconds;

    public double CoordinateStepsPerSecond => CoordinateSteps / Seconds;
}
