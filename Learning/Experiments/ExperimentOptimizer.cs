using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Experiments;

/// <summary>A learned optimizer an experiment meta-trains: its name in the tables and its training spec.</summary>
public sealed record ExperimentOptimizer(string Label, MetaTrainingSpec Spec);
