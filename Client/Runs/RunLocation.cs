using System.CommandLine;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Commands;
using L2LCluster.Learning;

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

    /// <summary>The local folder of <paramref name="runId"/>; refused when there is none.</summary>
    public static string LocalFolder(ParseResult result, string runId)
    {
        var folder = Path.GetFullPath(Path.Combine(result.GetValue(Runs)!, runId));
        InvalidSettingException.ThrowUnless(LocalRunFolder.IsRun(folder), "RUN",
            $"there is no run named '{runId}' in {Path.GetDirectoryName(folder)} (use --runs DIR, or --cluster for a run on a cluster).");
        return folder;
    }

    /// <summary>
    /// A session with the cluster that runs <paramref name="runId"/>: the one --cluster names, or the embedded cluster
    /// of the l2l process training the local run; null when the local run is not running anywhere.
    /// </summary>
    public static async Task<IClusterSession?> ConnectAsync(ParseResult result, string runId, CancellationToken cancellation)
    {
        if (result.GetValue(ClusterFlags.Endpoint) is { } endpoint)
        {
            return await RemoteCluster.ConnectAsync(endpoint, result.GetValue(ClusterFlags.ClusterId)!, cancellation);
        }

        var folder = LocalFolder(result, runId);
        return LiveRunFile.Read(folder) is { } live
            ? await RemoteCluster.ConnectToLiveRunAsync(live, folder, cancellation)
            : null;
    }
}
