namespace L2LCluster.Runs.Specs;

public static class MetaLossWeightingExtensions
{
    /// <summary>w_t for step t (1-based) of a horizon.</summary>
    public static double Weight(this MetaLossWeighting weighting, int step, int horizon) => weighting switch
    {
        MetaLossWeighting.Uniform => 1.0,
        MetaLossWeighting.Increasing => (double)step / horizon,
        _ => throw new ArgumentOutOfRangeException(nameof(weighting), weighting, "Unknown meta-loss weighting."),
    };
}
