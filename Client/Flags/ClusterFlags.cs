using System.CommandLine;

namespace L2LCluster.Client.Flags;

/// <summary>Flags that say which running cluster to talk to.</summary>
internal static class ClusterFlags
{
    public static Option<string?> Endpoint { get; } = new("--cluster")
    {
        Description = "A running cluster: gateways HOST:PORT[,HOST:PORT…] or redis://HOST:PORT (default for train: an embedded cluster).",
    };

    public static Option<string> ClusterId { get; } = new("--cluster-id")
    {
        Description = "The cluster's id (Clustering:ClusterId of its silos).",
        DefaultValueFactory = _ => "l2lcluster",
    };

    public static void AddTo(Command command)
    {
        command.Add(Endpoint);
        command.Add(ClusterId);
    }
}
