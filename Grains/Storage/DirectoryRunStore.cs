using System.Collections.Concurrent;
using System.Text;
using L2LCluster.Learning.Files;
using L2LCluster.Learning.Training;
using Microsoft.Extensions.Options;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Run folders under one directory (local for a single machine, a shared volume for a cluster):
/// {directory}/{run}/spec.json, checkpoint.l2lckpt, metrics.csv, optimizer.l2lopt.
/// </summary>
public sealed class DirectoryRunStore(IOptions<RunStoreOptions> options) : IRunStore
{
    public const string CheckpointFile = "checkpoint.l2lckpt";

    private readonly string _root = Path.GetFullPath(options.Value.Directory);

    public const string SpecFile = "spec.json";

    /// <summary>The spec last written to each run's spec.json by this store, so that it is written only when it changes.</summary>
    private readonly ConcurrentDictionary<string, string> _writtenSpecs = new();

    public Task WriteCheckpointAsync(RunCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var folder = RunFolder(checkpoint.Spec.RunId);
        // spec.json follows the checkpoint's spec, which a resume with --iterations changes.
        if (!_writtenSpecs.TryGetValue(checkpoint.Spec.RunId, out var written) || written != checkpoint.Spec.TrainingSpecJson)
        {
            AtomicFile.Write(Path.Combine(folder, SpecFile), Encoding.UTF8.GetBytes(checkpoint.Spec.TrainingSpecJson));
            _writtenSpecs[checkpoint.Spec.RunId] = checkpoint.Spec.TrainingSpecJson;
        }

        AtomicFile.Write(Path.Combine(folder, CheckpointFile), RunCheckpointFormat.Write(checkpoint));
        return Task.CompletedTask;
    }

    public async Task<RunCheckpoint?> ReadCheckpointAsync(string runId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(RunFolder(runId), CheckpointFile);
        return File.Exists(path) ? RunCheckpointFormat.Read(await File.ReadAllBytesAsync(path, cancellationToken), path) : null;
    }

    public async Task AppendMetricsAsync(string runId, IReadOnlyList<string> rows, CancellationToken cancellationToken)
    {
        var folder = RunFolder(runId);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, MetricsCsv.FileName);
        var text = new StringBuilder();
        if (!File.Exists(path))
        {
            text.AppendLine(MetricsCsv.Header);
        }

        foreach (var row in rows)
        {
            text.AppendLine(row);
        }

        await File.AppendAllTextAsync(path, text.ToString(), cancellationToken);
    }

    public Task WriteOptimizerAsync(string runId, byte[] optimizerFile, CancellationToken cancellationToken)
    {
        AtomicFile.Write(Path.Combine(RunFolder(runId), "optimizer" + OptimizerFile.Extension), optimizerFile);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListRunsAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>(Directory.Exists(_root)
            ? [.. Directory.EnumerateDirectories(_root).Where(folder => File.Exists(Path.Combine(folder, CheckpointFile))).Select(Path.GetFileName).OfType<string>()]
            : []);

    /// <summary>The run's folder; only writers create it (AtomicFile does), so reading an unknown run leaves no trace.</summary>
    private string RunFolder(string runId) => Path.Combine(_root, runId);
}
