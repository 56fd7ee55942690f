using System.Globalization;
using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning;
using L2LCluster.Learning.Files;
using L2LCluster.Learning.Training;

namespace L2LCluster.Client.Runs;

/// <summary>
/// What a run folder on disk says about its run, read without libtorch: the checkpoint (cluster runs) or the
/// optimizer file (single-process runs), the spec and the last metrics row.
/// </summary>
/// <param name="RunId">The folder's name.</param>
/// <param name="Path">The folder.</param>
/// <param name="State">completed, stopped, failed, interrupted (a checkpoint of a running run that no process runs), incomplete or unreadable.</param>
/// <param name="Iteration">Meta-iterations saved.</param>
/// <param name="Iterations">Meta-iterations the spec asks for (0 when unknown).</param>
/// <param name="MetaLoss">The last recorded meta-loss.</param>
/// <param name="Error">Why the run failed or cannot be read.</param>
internal sealed record LocalRunFolder(string RunId, string Path, string State, int Iteration, int Iterations, double? MetaLoss, string? Error)
{
    /// <summary>Whether <paramref name="folder"/> holds a run (l2l writes spec.json first).</summary>
    public static bool IsRun(string folder) => File.Exists(System.IO.Path.Combine(folder, RunDirectory.SpecFile));

    public static LocalRunFolder Read(string folder)
    {
        var runId = System.IO.Path.GetFileName(System.IO.Path.GetFullPath(folder).TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var metaLoss = LastMetaLoss(folder);
        try
        {
            var iterations = MetaTrainingSpecJson.Deserialize(File.ReadAllText(System.IO.Path.Combine(folder, RunDirectory.SpecFile)), "spec.json").Iterations;
            var checkpointPath = System.IO.Path.Combine(folder, DirectoryRunStore.CheckpointFile);
            if (File.Exists(checkpointPath))
            {
                var checkpoint = RunCheckpointFormat.Read(File.ReadAllBytes(checkpointPath), checkpointPath);
                var state = checkpoint.State == RunState.Running ? "interrupted" : checkpoint.State.ToString().ToLowerInvariant();
                return new LocalRunFolder(runId, folder, state, checkpoint.Iteration, iterations, metaLoss, checkpoint.Error);
            }

            var optimizerPath = System.IO.Path.Combine(folder, RunDirectory.OptimizerFileName);
            if (File.Exists(optimizerPath))
            {
                var saved = (int)OptimizerFile.Load(optimizerPath).Info.Iterations;
                return new LocalRunFolder(runId, folder, saved >= iterations ? "completed" : "stopped", saved, iterations, metaLoss, null);
            }

            return new LocalRunFolder(runId, folder, "incomplete", 0, iterations, metaLoss, null);
        }
        catch (Exception error) when (error is InvalidSettingException or IOException or UnauthorizedAccessException)
        {
            return new LocalRunFolder(runId, folder, "unreadable", 0, 0, metaLoss, error.Message);
        }
    }

    /// <summary>The meta-loss of metrics.csv's last row, if it has one.</summary>
    private static double? LastMetaLoss(string folder)
    {
        var path = System.IO.Path.Combine(folder, MetricsCsv.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var column = Array.IndexOf(MetricsCsv.Header.Split(','), "meta_loss");
        var last = File.ReadLines(path).Skip(1).LastOrDefault(line => line.Length > 0);
        return last?.Split(',') is { } cells && cells.Length > column
            && double.TryParse(cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out var loss) ? loss : null;
    }
}
