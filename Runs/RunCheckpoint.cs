using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs;

/// <summary>
/// A run as it stands, the one record every engine writes and every reader reads (<see cref="RunCheckpointFormat"/>):
/// the spec, φ and its version, Adam's state, the iteration, the next episode (the problems' RNG cursor: resumed runs
/// start a fresh episode), the counters, the W3C traceparent of the run's span (so a resumed run's spans join the trace
/// that started it), the best validated φ of a run that validates, and who worked on it: the workers of its last
/// episode and the latest times one was left out. Its arrays are its own: never change them.
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
    BestOptimizer? Best = null,
    IReadOnlyList<string>? Workers = null,
    IReadOnlyList<DroppedWorker>? Dropped = null)
{
    /// <summary>How many of the latest drops a checkpoint keeps.</summary>
    public const int DroppedHistory = 200;

    public bool IsFinished => State is RunState.Completed or RunState.Stopped or RunState.Failed;

    /// <summary>The run's optimizer file: its best validated φ if it has one, else φ as it stands.</summary>
    public byte[] OptimizerFile() => Storage.OptimizerFile.OfRun(Spec.Training, Phi, Best, Iteration);
}
