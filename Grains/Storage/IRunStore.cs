using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Where runs keep what must outlive a silo: checkpoints, metrics rows and the trained optimizer. Every silo of a
/// cluster reaches the same store (a shared directory, or Redis). A coordinator that trains a run takes it up first
/// and gets an epoch; the store refuses its writes (<see cref="RunFencedException"/>) once another has taken the run up
/// since, so two coordinators of one run never interleave their writes.
/// </summary>
public interface IRunStore
{
    /// <summary>A new epoch for the run, one more than any before, and its checkpoint as it stands then.</summary>
    Task<RunTakeUp> TakeUpAsync(RunId run, CancellationToken cancellationToken);

    /// <summary>
    /// The rows the store does not have yet (one per iteration), then the checkpoint, replacing the last atomically;
    /// refused when a newer epoch than <paramref name="epoch"/> has taken the run up.
    /// </summary>
    Task WriteAsync(long epoch, RunCheckpoint checkpoint, IReadOnlyList<MetricsRow> rows, CancellationToken cancellationToken);

    /// <summary>The run's trained optimizer file; refused as <see cref="WriteAsync"/> is.</summary>
    Task WriteOptimizerAsync(long epoch, RunId run, byte[] optimizerFile, CancellationToken cancellationToken);

    /// <summary>The run's newest checkpoint, or null if it has none.</summary>
    Task<RunCheckpoint?> ReadCheckpointAsync(RunId run, CancellationToken cancellationToken);

    /// <summary>The names of every run that has a checkpoint.</summary>
    Task<IReadOnlyList<RunId>> ListRunsAsync(CancellationToken cancellationToken);
}
