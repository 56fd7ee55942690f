using System.Net;
using L2LCluster.Runs;

namespace L2LCluster.Hosting;

/// <summary>Configuration section "Clustering": how this silo finds the others.</summary>
public sealed class ClusteringOptions
{
    public const string Section = "Clustering";

    public const string Localhost = "localhost";

    public const string RedisKind = "redis";

    public const string Kubernetes = "kubernetes";

    /// <summary>
    /// localhost (one machine, the first silo is the primary), redis (membership in Redis: processes or nodes),
    /// kubernetes (redis membership, identity and address from the pod's downward-API environment).
    /// </summary>
    public string Kind { get; set; } = Localhost;

    /// <summary>The Redis connection string for redis and kubernetes membership.</summary>
    public string? Redis { get; set; }

    public string ServiceId { get; set; } = "l2lcluster";

    public string ClusterId { get; set; } = "l2lcluster";

    public int SiloPort { get; set; } = 11111;

    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The port the gateway listens on when it differs from <see cref="GatewayPort"/>, the one clients are told of
    /// (a port forwarded or proxied to this one).
    /// </summary>
    public int? GatewayListeningPort { get; set; }

    /// <summary>localhost: the primary silo's port (the first silo's own port by default).</summary>
    public int? PrimarySiloPort { get; set; }

    /// <summary>The address other silos reach this one at (redis); the pod IP on Kubernetes.</summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>Checks every key; the first bad one is named with what is allowed.</summary>
    public ClusteringOptions Validate()
    {
        var kind = Kind?.ToLowerInvariant();
        InvalidSettingException.ThrowUnless(kind is Localhost or RedisKind or Kubernetes, Key(nameof(Kind)), $"must be localhost, redis or kubernetes; got '{Kind}'.");
        InvalidSettingException.ThrowUnless(
            kind == Localhost || !string.IsNullOrWhiteSpace(Redis), Key(nameof(Redis)), $"must hold a connection string (HOST:PORT) when {Key(nameof(Kind))} is {kind}.");
        RequirePort(SiloPort, nameof(SiloPort));
        RequirePort(GatewayPort, nameof(GatewayPort));
        if (PrimarySiloPort is { } primary)
        {
            RequirePort(primary, nameof(PrimarySiloPort));
        }

        if (GatewayListeningPort is { } listening)
        {
            RequirePort(listening, nameof(GatewayListeningPort));
        }

        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(ServiceId), Key(nameof(ServiceId)), "must not be empty.");
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(ClusterId), Key(nameof(ClusterId)), "must not be empty.");
        InvalidSettingException.ThrowUnless(
            AdvertisedAddress is null || kind == Kubernetes || IPAddress.TryParse(AdvertisedAddress, out _),
            Key(nameof(AdvertisedAddress)),
            $"must be an IP address; got '{AdvertisedAddress}'.");
        return this;
    }

    private static void RequirePort(int port, string name) =>
        InvalidSettingException.ThrowUnless(port is >= 1 and <= 65535, Key(name), $"must be a port between 1 and 65535; got {port}.");

    private static string Key(string name) => $"{Section}:{name}";
}
