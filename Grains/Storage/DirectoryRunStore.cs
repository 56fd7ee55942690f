using System.Collections.Concurrent;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.Options;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Run folders (<see cref="RunFolder"/>) under one directory: local for a single machine, a shared volume for a
/// cluster.
/// </summary>
public sealed class DirectoryRunStore(IOptions<DirectoryRunStoreOptions> options) : IRunStore
{
    private readonly string _root = Path.GetFullPath(options.Value.Directory);

    /// <summary>The spec last written to each run's spec.json by this store, so that it is written only when it changes.</summary>
    private readonly ConcurrentDictionary<RunId, Runs.Specs.MetaTrainingSpec> _writtenSpecs = new();

    public Task WriteCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var folder = Folder(checkpoint.Spec.RunId);
        // spec.json follows the checkpoint's spec, which a resume with more iterations changes.
        if (!_writtenSpecs.TryGetValue(checkpoint.Spec.RunId, out var written) || written != checkpoint.Spec.Training)
        {
            folder.WriteSpec(checkpoint.Spec.Training);
            _writtenSpecs[checkpoint.Spec.RunId] = checkpoint.Spec.Training;
        }

        folder.WriteCheckpoint(checkpoint);
        return Task.CompletedTask;
    }

    public Task<RunCheckpoint?> ReadCheckpointAsync(RunId runId, CancellationToken cancellationToken) =>
        Task.FromResult(Folder(runId).ReadCheckpoint());

    public Task AppendMetricsAsync(RunId runId, IReadOnlyList<string> rows, CancellationToken cancellationToken)
    {
        Folder(runId).AppendMetrics(rows);
        return Task.CompletedTask;
    }

    public Task WriteOptimizerAsync(RunId runId, byte[] optimizerFile, CancellationToken cancellationToken)
    {
        Folder(runId).WriteOptimizer(optimizerFile);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<RunId>> ListRunsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RunId>>(Directory.Exists(_root)
            ? [.. Directory.EnumerateDirectories(_root)
                .Select(path => RunId.TryParse(Path.GetFileName(path), out var run) ? run : (RunId?)null)
                .OfType<RunId>()
                .Where(run => Folder(run).HasCheckpoint)]
            : []);

    private RunFolder Folder(RunId runId) => RunFolder.In(_root, runId);
}
