using L2LCluster.Runs;
using Microsoft.Extensions.Configuration;

namespace L2LCluster.Hosting.Security;

/// <summary>
/// Whether a silo speaks TLS, as its configuration says: a cluster of processes or pods must (its silo and gateway
/// ports are reachable from the network), unless Tls:Insecure says its network is one only its owners reach; a
/// single-machine cluster on loopback may.
/// </summary>
public static class ClusterTlsSettings
{
    public const string InsecureKey = $"{TlsFiles.Section}:Insecure";

    /// <summary>The silo's TLS files; null when it runs without TLS, which only loopback clustering or Tls:Insecure allows.</summary>
    public static TlsFiles? Read(IConfiguration configuration, ClusteringOptions clustering)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(clustering);
        var files = TlsFiles.FromConfiguration(configuration);
        var insecure = configuration[InsecureKey] is not { } text
            ? false
            : bool.TryParse(text, out var parsed) ? parsed : throw new InvalidSettingException(InsecureKey, $"must be true or false; got '{text}'.");
        var keys = TlsFiles.ConfigurationKeys;
        InvalidSettingException.ThrowUnless(!(insecure && files is not null), InsecureKey, $"cannot be true while {keys.Certificate} is given.");
        var onLoopback = string.Equals(clustering.Kind, ClusteringOptions.Localhost, StringComparison.OrdinalIgnoreCase);
        InvalidSettingException.ThrowUnless(
            files is not null || insecure || onLoopback,
            keys.Certificate,
            $"a cluster of processes or pods speaks mutual TLS: give {keys.Certificate}, {keys.Key} and {keys.Authority} " +
            $"('l2l-silo certificates DIR' makes them), or {InsecureKey}=true on a network only the cluster's owners reach.");
        return files;
    }
}
