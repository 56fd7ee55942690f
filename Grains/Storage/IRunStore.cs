using L2LCluster.Runs;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Where runs keep what must outlive a silo: checkpoints, metrics rows and the trained optimizer. Every silo of a
/// cluster must reach the same store (a shared directory, or Redis).
/// </summary>
public interface IRunStore
{
    /// <summary>Replaces the run's checkpoint atomically: a reader sees the old one or the new one.</summary>
    Task WriteCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The run's newest checkpoint, or null if it has none.</summary>
    Task<RunCheckpoint?> ReadCheckpointAsync(RunId runId, CancellationToken cancellationToken);

    /// <summary>Appends metrics.csv rows (the header comes first in a new run).</summary>
    Task AppendMetricsAsync(RunId runId, IReadOnlyList<string> rows, CancellationToken cancellationToken);

    Task WriteOptimizerAsync(RunId runId, byte[] optimizerFile, CancellationToken cancellationToken);

    /// <summary>The names of every run that has a checkpoint.</summary>
    Task<IReadOnlyList<RunId>> ListRunsAsync(CancellationToken cancellationToken);
}
