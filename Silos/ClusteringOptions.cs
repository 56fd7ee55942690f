namespace L2LCluster.Silo;

/// <summary>Configuration section "Clustering": how this silo finds the others.</summary>
public sealed class ClusteringOptions
{
    public const string Section = "Clustering";

    /// <summary>
    /// localhost (one machine, the first silo is the primary), redis (membership in Redis: processes or nodes),
    /// kubernetes (redis membership, identity and address from the pod's downward-API environment).
    /// </summary>
    public string Kind { get; set; } = "localhost";

    /// <summary>The Redis connection string for redis and kubernetes membership.</summary>
    public string? Redis { get; set; }

    public string ServiceId { get; set; } = "l2lcluster";

    public string ClusterId { get; set; } = "l2lcluster";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>localhost: the primary silo's port (the first silo's own port by default).</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The address other silos reach this one at (redis); the pod IP on Kubernetes.</summary>
    public string? AdvertisedAddress { get; set; }
}
