using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;

namespace L2LCluster.Grains.Coordinator;

/// <summary>What came of one call to a worker: its gradient, or why there is none.</summary>
internal sealed record WorkerAnswer(WorkerAssignment Assignment, WorkerGradient? Gradient, string? Failure);
