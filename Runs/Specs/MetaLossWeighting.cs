namespace L2LCluster.Runs.Specs;

/// <summary>The weights w_t of the meta-loss Σ_t w_t f(θ_t), t counted from 1 to the horizon.</summary>
[GenerateSerializer]
public enum MetaLossWeighting
{
    /// <summary>w_t = 1: the paper's and the official code's choice.</summary>
    Uniform,

    /// <summary>w_t = t / horizon: later steps count more, so the optimizer is judged by where it gets to.</summary>
    Increasing,
}
