using System.Globalization;
using System.Text;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Runs.Storage;

/// <summary>
/// The folder one run keeps its files in, and the only code that knows their names: spec.json (the spec, for people
/// and for --spec), metrics.csv (one row per meta-iteration), checkpoint.l2lckpt (the run as it stands: every engine
/// writes it, every reader takes the run's state from it), optimizer.l2lopt (the trained optimizer), run.lock (held by
/// the process that trains the run) and, while an l2l process trains the run on its embedded cluster,
/// embedded-cluster.json. Only writers create the folder.
/// </summary>
public sealed class RunFolder
{
    private const string SpecFileName = "spec.json";
    private const string MetricsFileName = "metrics.csv";
    private const string CheckpointFileName = "checkpoint.l2lckpt";
    private const string OptimizerFileName = "optimizer" + OptimizerFile.Extension;
    private const string LiveFileName = "embedded-cluster.json";
    private const string LockFileName = "run.lock";
    private const string EpochFileName = "run.epoch";
    private const string WriteLockFileName = "write.lock";
    private const string StopRequestFileName = "stop.request";

    private RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    /// <summary>The folder's name: the run's name when the folder is in a run store.</summary>
    public string Name => System.IO.Path.GetFileName(Path.TrimEnd(System.IO.Path.DirectorySeparatorChar));

    public string SpecPath => Combine(SpecFileName);

    public string MetricsPath => Combine(MetricsFileName);

    public string CheckpointPath => Combine(CheckpointFileName);

    public string OptimizerPath => Combine(OptimizerFileName);

    /// <summary>How other l2l processes reach the process that trains this run on its embedded cluster.</summary>
    public string LiveFilePath => Combine(LiveFileName);

    /// <summary>Held by the process that trains the run (<see cref="RunFolderLock"/>).</summary>
    public string LockPath => Combine(LockFileName);

    /// <summary>The epoch of the coordinator that took the run up last (<see cref="RunFolderJournal"/>).</summary>
    internal string EpochPath => Combine(EpochFileName);

    /// <summary>Held for the moment of one fenced write.</summary>
    internal string WriteLockPath => Combine(WriteLockFileName);

    /// <summary>
    /// Written by <c>l2l stop</c> for a run that its own process trains with no cluster to call (the single-process
    /// engine): that process stops after its current iteration, checkpoints and removes the file.
    /// </summary>
    public string StopRequestPath => Combine(StopRequestFileName);

    public bool IsStopRequested => File.Exists(StopRequestPath);

    public void RequestStop() => AtomicFile.Write(StopRequestPath, []);

    /// <summary>Also at the start of training: a request left by a process that ended before it saw it stops no later one.</summary>
    public void ClearStopRequest() => File.Delete(StopRequestPath);

    /// <summary>Whether the folder holds a run: every engine writes spec.json first.</summary>
    public bool HoldsRun => File.Exists(SpecPath);

    public bool HasCheckpoint => File.Exists(CheckpointPath);

    public static RunFolder At(string path) => new(path);

    /// <summary>The folder of <paramref name="run"/> in the run store <paramref name="store"/>.</summary>
    public static RunFolder In(string store, RunId run) => new(System.IO.Path.Combine(store, run.Value));

    /// <summary>A folder that holds nothing yet (absent or empty), for a new run; refused naming <paramref name="setting"/>.</summary>
    public static RunFolder New(string path, string setting)
    {
        var folder = new RunFolder(path);
        InvalidSettingException.ThrowUnless(!File.Exists(folder.Path), setting, $"'{folder.Path}' is a file; give a folder for the run.");
        InvalidSettingException.ThrowUnless(
            !Directory.Exists(folder.Path) || !Directory.EnumerateFileSystemEntries(folder.Path).Any(),
            setting,
            $"'{folder.Path}' already holds files; choose a new folder so no earlier run is overwritten.");
        return folder;
    }

    public void WriteSpec(MetaTrainingSpec spec) => AtomicFile.Write(SpecPath, Encoding.UTF8.GetBytes(SpecJson.Serialize(spec)));

    public void WriteOptimizer(ReadOnlySpan<byte> optimizerFile) => AtomicFile.Write(OptimizerPath, optimizerFile);

    internal void WriteCheckpoint(RunCheckpoint checkpoint) => AtomicFile.Write(CheckpointPath, RunCheckpointFormat.Write(checkpoint));

    /// <summary>
    /// Appends the rows in one write; a new file starts with the header. A write that fails (a full disk) is undone, so
    /// metrics.csv never holds a torn row.
    /// </summary>
    internal void AppendMetrics(IEnumerable<MetricsRow> rows)
    {
        Directory.CreateDirectory(Path);
        using var file = new FileStream(MetricsPath, FileMode.Append, FileAccess.Write, FileShare.Read);
        var text = new StringBuilder();
        if (file.Length == 0)
        {
            text.AppendLine(MetricsCsv.Header);
        }

        foreach (var row in rows)
        {
            text.AppendLine(row.Text);
        }

        var length = file.Length;
        try
        {
            file.Write(Encoding.UTF8.GetBytes(text.ToString()));
            file.Flush(flushToDisk: true);
        }
        catch (IOException)
        {
            file.SetLength(length);
            throw;
        }
    }

    /// <summary>The iteration of metrics.csv's last row (0 for none), read from the file's end whatever its length.</summary>
    internal int LastMetricsIteration()
    {
        if (!File.Exists(MetricsPath))
        {
            return 0;
        }

        using var file = new FileStream(MetricsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var tail = new byte[(int)Math.Min(file.Length, 64 * 1024)];
        file.Seek(-tail.Length, SeekOrigin.End);
        file.ReadExactly(tail);
        var lines = Encoding.UTF8.GetString(tail).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(line => MetricsCsv.IterationOf(line.TrimEnd('\r'))).LastOrDefault(iteration => iteration is not null) ?? 0;
    }

    /// <summary>metrics.csv's rows, header first; none when there is no file.</summary>
    internal string[] ReadMetricsLines() => File.Exists(MetricsPath) ? File.ReadAllLines(MetricsPath) : [];

    /// <summary>Rewrites metrics.csv with only these lines, atomically.</summary>
    internal void ReplaceMetricsLines(IEnumerable<string> lines) =>
        AtomicFile.Write(MetricsPath, Encoding.UTF8.GetBytes(string.Concat(lines.Select(line => line + Environment.NewLine))));

    /// <summary>The run's checkpoint, or null if it has none; a damaged one is refused naming the file.</summary>
    public RunCheckpoint? ReadCheckpoint() =>
        HasCheckpoint ? RunCheckpointFormat.Read(ReadBytes(CheckpointPath), CheckpointPath) : null;

    public MetaTrainingSpec ReadSpec() => SpecJson.Parse(Encoding.UTF8.GetString(ReadBytes(SpecPath)), SpecPath);

    /// <summary>
    /// The run's trained optimizer as it stands: made from its checkpoint when it has one (the best validated φ, or φ
    /// after the last checkpoint), else the optimizer file an engine wrote.
    /// </summary>
    public byte[] Optimizer()
    {
        if (ReadCheckpoint() is { } checkpoint)
        {
            return checkpoint.OptimizerFile();
        }

        InvalidSettingException.ThrowUnless(File.Exists(OptimizerPath), "RUN", $"run '{Name}' has neither a checkpoint nor an optimizer file yet in {Path}.");
        return ReadBytes(OptimizerPath);
    }

    /// <summary>Where the run stands by its files; a folder that cannot be read says why.</summary>
    public RunFolderSummary Summarize()
    {
        var metaLoss = LastMetricsValue("meta_loss");
        try
        {
            var iterations = ReadSpec().Iterations;
            if (ReadCheckpoint() is { } checkpoint)
            {
                var state = checkpoint.State == RunState.Running ? RunFolderSummary.Interrupted : checkpoint.State.ToString().ToLowerInvariant();
                return new RunFolderSummary(Name, Path, state, checkpoint.Iteration, checkpoint.Spec.Training.Iterations, metaLoss, checkpoint.Error);
            }

            // A folder of a build that wrote no checkpoint in the single process: its progress is its last metrics row.
            var done = (int)(LastMetricsValue("iteration") ?? 0);
            var finished = File.Exists(OptimizerPath);
            var legacyState = !finished ? RunFolderSummary.Incomplete : done >= iterations ? nameof(RunState.Completed) : nameof(RunState.Stopped);
            return new RunFolderSummary(Name, Path, legacyState.ToLowerInvariant(), done, iterations, metaLoss, null);
        }
        catch (InvalidSettingException error)
        {
            return new RunFolderSummary(Name, Path, RunFolderSummary.Unreadable, 0, 0, metaLoss, error.Message);
        }
    }

    /// <summary>A column of metrics.csv's last row, if it has one.</summary>
    private double? LastMetricsValue(string column)
    {
        var index = Array.IndexOf(MetricsCsv.Header.Split(','), column);
        try
        {
            var last = File.Exists(MetricsPath) ? File.ReadLines(MetricsPath).Skip(1).LastOrDefault(line => line.Length > 0) : null;
            return last?.Split(',') is { } cells && cells.Length > index
                && double.TryParse(cells[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private string Combine(string name) => System.IO.Path.Combine(Path, name);

    private static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException(path, $"cannot read the file: {error.Message}");
        }
    }
}
