using L2LCluster.Learning.Optimizers;

namespace L2LCluster.Learning.Files;

/// <summary>A learned optimizer file once read: the model and where it came from.</summary>
public sealed record OptimizerFileContents(LearnedOptimizerModel Model, OptimizerFileInfo Info);
