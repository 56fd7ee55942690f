using L2LCluster.Runs.Optimizers;

namespace L2LCluster.Runs.Storage;

/// <summary>A learned optimizer file once read: the model and where it came from.</summary>
public sealed record OptimizerFileContents(LearnedOptimizerModel Model, OptimizerFileInfo Info);
