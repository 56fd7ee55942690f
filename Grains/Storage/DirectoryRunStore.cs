using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.Options;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Run folders (<see cref="RunFolder"/>) under one directory: local for a single machine, a shared volume for a cluster
/// (one whose locks every silo sees). File work runs on the thread pool, off the grains' scheduler.
/// </summary>
public sealed class DirectoryRunStore(IOptions<DirectoryRunStoreOptions> options) : IRunStore
{
    private readonly string _root = Path.GetFullPath(options.Value.Directory);

    public Task<RunTakeUp> TakeUpAsync(RunId run, CancellationToken cancellationToken) => Task.Run(
        async () =>
        {
            var takeUp = await Journal(run).TakeUpAsync(cancellationToken);
            Checked(run, takeUp.Checkpoint);
            return takeUp;
        },
        cancellationToken);

    public Task WriteAsync(long epoch, RunCheckpoint checkpoint, IReadOnlyList<MetricsRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Task.Run(() => Journal(checkpoint.Spec.RunId).WriteAsync(epoch, checkpoint, rows, cancellationToken), cancellationToken);
    }

    public Task WriteOptimizerAsync(long epoch, RunId run, byte[] optimizerFile, CancellationToken cancellationToken) =>
        Task.Run(() => Journal(run).WriteOptimizerAsync(epoch, run, optimizerFile, cancellationToken), cancellationToken);

    public Task<RunCheckpoint?> ReadCheckpointAsync(RunId run, CancellationToken cancellationToken) =>
        Task.Run(() => Checked(run, Folder(run).ReadCheckpoint()), cancellationToken);

    public Task<IReadOnlyList<RunId>> ListRunsAsync(CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<RunId>>(() => Directory.Exists(_root)
            ? [.. Directory.EnumerateDirectories(_root)
                .Select(path => RunId.TryParse(Path.GetFileName(path), out var run) ? run : (RunId?)null)
                .OfType<RunId>()
                .Where(run => Folder(run).HasCheckpoint)]
            : [],
            cancellationToken);

    /// <summary>A checkpoint is its own run's: one copied into another run's folder is refused.</summary>
    internal static RunCheckpoint? Checked(RunId run, RunCheckpoint? checkpoint) =>
        checkpoint is null || checkpoint.Spec.RunId == run
            ? checkpoint
            : throw new InvalidSettingException(run.Value, $"the checkpoint stored for run '{run}' is run '{checkpoint.Spec.RunId}''s.");

    private RunFolder Folder(RunId run) => RunFolder.In(_root, run);

    private RunFolderJournal Journal(RunId run) => new(Folder(run));
}
