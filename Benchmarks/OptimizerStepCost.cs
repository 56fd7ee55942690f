namespace L2LCluster.Benchmarks;

/// <summary>One optimizer's step on a model of <paramref name="Coordinates"/> parameters, over the repeats.</summary>
internal sealed record OptimizerStepCost(string Optimizer, int Coordinates, int StepsPerRepeat, Spread MillisecondsPerStep)
{
    /// <summary>Per coordinate and step, at the median: what grows with the model.</summary>
    public double NanosecondsPerCoordinateStep => MillisecondsPerStep.Median * 1e6 / Coordinates;
}
