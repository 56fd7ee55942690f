using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Contracts;

/// <summary>
/// A worker's share of a run for one episode, sent once when the episode starts: the run's spec (its problems are
/// built from it) and which of the episode's problems are this worker's. The unroll requests that follow carry only φ
/// and where the problems stand.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Training">The run's meta-training spec.</param>
/// <param name="Episode">The episode the problems belong to.</param>
/// <param name="FirstProblem">The first of this worker's problems within the run's batch.</param>
/// <param name="ProblemCount">How many problems this worker unrolls.</param>
[GenerateSerializer, Immutable, Alias("l2l.EpisodeAssignment")]
public sealed record EpisodeAssignment(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] MetaTrainingSpec Training,
    [property: Id(2)] long Episode,
    [property: Id(3)] int FirstProblem,
    [property: Id(4)] int ProblemCount);
