using L2LCluster.Grains.Storage;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Cluster.Tests;

/// <summary>
/// The silos' real run store, whose writes fail as a full disk's do while <see cref="Failing"/> is set: an outage the
/// test turns on and off. Reads and take-ups go through.
/// </summary>
internal sealed class FaultyRunStore(IRunStore store) : IRunStore
{
    public volatile bool Failing;

    public Task<RunTakeUp> TakeUpAsync(RunId run, CancellationToken cancellationToken) => store.TakeUpAsync(run, cancellationToken);

    public Task WriteAsync(long epoch, RunCheckpoint checkpoint, IReadOnlyList<MetricsRow> rows, CancellationToken cancellationToken) =>
        Failing ? Task.FromException(new IOException("No space left on device")) : store.WriteAsync(epoch, checkpoint, rows, cancellationToken);

    public Task WriteOptimizerAsync(long epoch, RunId run, byte[] optimizerFile, CancellationToken cancellationToken) =>
        Failing ? Task.FromException(new IOException("No space left on device")) : store.WriteOptimizerAsync(epoch, run, optimizerFile, cancellationToken);

    public Task<RunCheckpoint?> ReadCheckpointAsync(RunId run, CancellationToken cancellationToken) => store.ReadCheckpointAsync(run, cancellationToken);

    public Task<IReadOnlyList<RunId>> ListRunsAsync(CancellationToken cancellationToken) => store.ListRunsAsync(cancellationToken);
}
