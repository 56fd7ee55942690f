using L2LCluster.Learning.Evaluation;

namespace L2LCluster.Learning.Experiments;

/// <summary>A case's comparison: the learned optimizers first, then each baseline at its tuned learning rate.</summary>
public sealed record ExperimentCaseResult(ExperimentCase Case, IReadOnlyList<OptimizerEvaluation> Evaluations);
