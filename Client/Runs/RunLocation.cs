using System.CommandLine;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Flags;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Runs;

/// <summary>
/// Where a named run is: on the cluster that <c>--cluster</c> (or L2L_CLUSTER) names, or in the local run store
/// (<c>--runs</c>), where a run that an l2l process is training on its embedded cluster is reached through it.
/// </summary>
internal static class RunLocation
{
    public static Option<string> Runs { get; } = new("--runs")
    {
        Description = "The local run store: the folder that holds the run folders of embedded and single-process runs.",
        DefaultValueFactory = _ => "runs",
    };

    public static void AddTo(Command command)
    {
        ClusterFlags.AddTo(command);
        command.Add(Runs);
    }

    /// <summary>The run a RUN argument names; a name no run can have is refused.</summary>
    public static RunId Run(ParseResult result, Argument<string> run) => RunId.Parse(result.GetValue(run), "RUN");

    /// <summary>The local folder of <paramref name="run"/>; refused when there is none.</summary>
    public static RunFolder LocalFolder(ParseResult result, RunId run)
    {
        var folder = RunFolder.In(result.GetValue(Runs)!, run);
        InvalidSettingException.ThrowUnless(folder.HoldsRun, "RUN",
            $"there is no run named '{run}' in {Path.GetDirectoryName(folder.Path)} (use --runs DIR, or --cluster for a run on a cluster).");
        return folder;
    }

    /// <summary>
    /// A session with the cluster that runs <paramref name="run"/>: the one --cluster names, or the embedded cluster
    /// of the l2l process training the local run; null when the local run is not running anywhere.
    /// </summary>
    public static async Task<IClusterSession?> ConnectAsync(ParseResult result, RunId run, CancellationToken cancellation)
    {
        if (ClusterFlags.Address(result) is { } address)
        {
            return await RemoteCluster.ConnectAsync(address, cancellation);
        }

        var folder = LocalFolder(result, run);
        return LiveRunFile.Read(folder) is { } live
            ? await RemoteCluster.ConnectToLiveRunAsync(live, folder, cancellation)
            : null;
    }
}
