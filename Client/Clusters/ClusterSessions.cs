using L2LCluster.Contracts;
using L2LCluster.Runs;

namespace L2LCluster.Client.Clusters;

internal static class ClusterSessions
{
    /// <summary>The coordinator of <paramref name="run"/> on this cluster.</summary>
    public static ICoordinatorGrain Coordinator(this IClusterSession cluster, RunId run) => cluster.Grains.GetGrain<ICoordinatorGrain>(run.Value);
}
