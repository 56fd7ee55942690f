namespace L2LCluster.Runs.Optimizers;

/// <summary>The learned optimizer's network: what its φ is laid out for and what it keeps per coordinate.</summary>
[GenerateSerializer]
public enum OptimizerKind
{
    /// <summary>The paper's coordinatewise LSTM; per coordinate, its hidden and cell states.</summary>
    Lstm,

    /// <summary>
    /// A per-parameter MLP on accumulator features (Metz et al. 2022, learned_optimization's small_fc_lopt); per
    /// coordinate, its momentum and second-moment accumulators.
    /// </summary>
    Mlp,
}
