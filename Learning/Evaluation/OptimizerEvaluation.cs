namespace L2LCluster.Learning.Evaluation;

/// <summary>One optimizer's losses on the held-out problems; LearningRate is null for the learned optimizer.</summary>
public sealed record OptimizerEvaluation(string Name, double? LearningRate, LossCurves Curves);
