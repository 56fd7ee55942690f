using L2LCluster.Learning.Baselines;

namespace L2LCluster.Learning.Evaluation;

/// <summary>A baseline at the learning rate that won its grid search, with every trial for the record.</summary>
public sealed record TunedBaseline(BaselineOptimizer Optimizer, IReadOnlyList<LearningRateTrial> Trials);
