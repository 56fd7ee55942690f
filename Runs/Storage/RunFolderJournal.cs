using System.Diagnostics;
using System.Globalization;
using System.Text;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Runs.Storage;

/// <summary>
/// The writes into a run folder of whoever trains the run: a coordinator on any silo that shares the folder, or the
/// single-process trainer. Whoever takes the run up gets an epoch one more than any before; every write carries it and
/// is refused (<see cref="RunFencedException"/>) once a newer epoch exists, so two writers never interleave and a
/// checkpoint never goes back. Metrics rows go out with their checkpoint, before it, one per iteration: a take-up drops
/// the rows a writer appended past its last checkpoint, and rows already written are not written again.
/// </summary>
public sealed class RunFolderJournal(RunFolder folder)
{
    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(20);

    /// <summary>A write lock held longer than this is not a write in progress but a folder that cannot be written.</summary>
    private static readonly TimeSpan LockPatience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Takes the run up: a new epoch, the checkpoint as it stands, and the folder made whole again after a writer that
    /// was killed (its temporary files removed, its rows past the checkpoint dropped).
    /// </summary>
    public async Task<RunTakeUp> TakeUpAsync(CancellationToken cancellationToken)
    {
        using var held = await HoldAsync(cancellationToken);
        var epoch = StoredEpoch() + 1;
        AtomicFile.Write(folder.EpochPath, Encoding.ASCII.GetBytes(epoch.ToString(CultureInfo.InvariantCulture)));
        AtomicFile.RemoveLeftovers(folder.Path);
        var checkpoint = folder.ReadCheckpoint();
        var lines = folder.ReadMetricsLines();
        var kept = lines.Where(line => MetricsCsv.IterationOf(line) is not { } iteration || iteration <= (checkpoint?.Iteration ?? 0)).ToArray();
        if (kept.Length < lines.Length)
        {
            folder.ReplaceMetricsLines(kept);
        }

        return new RunTakeUp(epoch, checkpoint);
    }

    /// <summary>The rows the folder does not have yet, then the checkpoint (and spec.json when the run's spec changed).</summary>
    public async Task WriteAsync(long epoch, RunCheckpoint checkpoint, IReadOnlyList<MetricsRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(rows);
        using var held = await HoldAsync(cancellationToken);
        RequireEpoch(epoch, checkpoint.Spec.RunId);
        var written = folder.LastMetricsIteration();
        folder.AppendMetrics(rows.Where(row => row.Iteration > written));
        if (!folder.HoldsRun || folder.ReadSpec() != checkpoint.Spec.Training)
        {
            folder.WriteSpec(checkpoint.Spec.Training);
        }

        folder.WriteCheckpoint(checkpoint);
    }

    public async Task WriteOptimizerAsync(long epoch, RunId run, byte[] optimizerFile, CancellationToken cancellationToken)
    {
        using var held = await HoldAsync(cancellationToken);
        RequireEpoch(epoch, run);
        folder.WriteOptimizer(optimizerFile);
    }

    private void RequireEpoch(long epoch, RunId run)
    {
        var stored = StoredEpoch();
        if (stored > epoch)
        {
            throw new RunFencedException(run, epoch, stored);
        }
    }

    private long StoredEpoch() =>
        File.Exists(folder.EpochPath) && long.TryParse(File.ReadAllText(folder.EpochPath), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0;

    /// <summary>The folder's write lock: one writer at a time, across processes and machines that share the folder.</summary>
    private async Task<FileStream> HoldAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder.Path);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(folder.WriteLockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(folder.WriteLockPath) && waited.Elapsed < LockPatience)
            {
                await Task.Delay(LockRetry, cancellationToken);
            }
        }
    }
}
