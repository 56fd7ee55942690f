using System.CommandLine;
using L2LCluster.Client.Clusters;
using L2LCluster.Hosting.Security;

namespace L2LCluster.Client.Flags;

/// <summary>Flags that say which running cluster to talk to, and with which certificate.</summary>
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

    public static Option<string?> Certificate { get; } = new("--tls-cert")
    {
        Description = "This client's certificate (PEM, OU=client), issued by the cluster's authority: a cluster with TLS refuses a client without one.",
    };

    public static Option<string?> Key { get; } = new("--tls-key")
    {
        Description = "The private key of --tls-cert (PEM).",
    };

    public static Option<string?> Authority { get; } = new("--tls-ca")
    {
        Description = "The cluster authority's certificate (PEM): the gateway must present a silo certificate it issued.",
    };

    public static void AddTo(Command command)
    {
        command.Add(Endpoint);
        command.Add(ClusterId);
        command.Add(Certificate);
        command.Add(Key);
        command.Add(Authority);
    }

    /// <summary>The cluster --cluster names, with this client's TLS files; null when --cluster is not given.</summary>
    public static ClusterAddress? Address(ParseResult result) =>
        result.GetValue(Endpoint) is { } endpoint
            ? new ClusterAddress(
                endpoint,
                result.GetValue(ClusterId)!,
                TlsFiles.From(result.GetValue(Certificate), result.GetValue(Key), result.GetValue(Authority), new TlsSettingNames(Certificate.Name, Key.Name, Authority.Name)))
            : null;
}
