using L2LCluster.Contracts;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Runs;

/// <summary>One line of <c>l2l runs</c>, from a coordinator's status or from a run folder on disk.</summary>
/// <param name="Run">The run's name.</param>
/// <param name="State">running, completed, stopped, failed, interrupted, incomplete or unreadable.</param>
/// <param name="Iteration">Meta-iterations done (saved, for a run on disk).</param>
/// <param name="Iterations">Meta-iterations asked for.</param>
/// <param name="MetaLoss">The latest meta-loss known.</param>
/// <param name="LiveWorkers">Workers in the current episode (null for a run on disk).</param>
/// <param name="DroppedWorkers">Times a worker was dropped (null for a run on disk).</param>
/// <param name="Where">Who runs it: "cluster", "l2l process N" or "disk".</param>
internal sealed record RunRow(string Run, string State, int Iteration, int Iterations, double? MetaLoss, int? LiveWorkers, int? DroppedWorkers, string Where)
{
    public static RunRow FromStatus(RunStatus status, string where) => new(
        status.RunId.Value, status.State.ToString().ToLowerInvariant(), status.Iteration, status.Iterations,
        double.IsFinite(status.MetaLoss) ? status.MetaLoss : null, status.LiveWorkers.Count, status.DroppedWorkers.Count, where);

    public static RunRow FromFolder(RunFolderSummary folder) =>
        new(folder.RunId, folder.State, folder.Iteration, folder.Iterations, folder.MetaLoss, null, null, "disk");
}
