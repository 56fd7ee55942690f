using L2LCluster.Hosting.Security;

namespace L2LCluster.Client.Clusters;

/// <summary>A running cluster as --cluster, --cluster-id and the --tls-* flags name it.</summary>
internal sealed record ClusterAddress(string Endpoint, string ClusterId, TlsFiles? Tls);
