using L2LCluster.Contracts;
using L2LCluster.Learning.Training;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Everything a coordinator needs to continue a run elsewhere: the spec, φ and its version, Adam's state, the
/// iteration, the next episode (the problems' RNG cursor: resumed runs start a fresh episode), the counters, and the
/// W3C traceparent of the run's span (so a resumed run's spans join the trace that started it), and the best validated
/// φ of a run that validates.
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
    string? TraceParent,
    int StaleGradients = 0,
    BestOptimizer? Best = null);
