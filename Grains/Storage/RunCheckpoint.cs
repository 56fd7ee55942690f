using L2LCluster.Contracts;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Everything a coordinator needs to continue a run elsewhere: the spec, φ and its version, Adam's state, the
/// iteration, the next episode (the problems' RNG cursor: resumed runs start a fresh episode) and the counters.
/// </summary>
public sealed record RunCheckpoint(
    RunSpec Spec,
    RunState State,
    int Iteration,
    long PhiVersion,
    float[] Phi,
    float[] AdamFirstMoment,
    float[] AdamSecondMoment,
    long AdamStep,
    long NextEpisode,
    int RejectedGradients,
    string? Error,
    int StaleGradients = 0);
