using L2LCluster.Learning.Training;

namespace L2LCluster.Grains.Coordinator;

/// <summary>An iteration's meta-gradient, with where its problems stand (for ES and PES: particle 0's) for the metrics row.</summary>
internal sealed record EstimatedGradient(MetaGradient Average, long Episode, int StepReached);
