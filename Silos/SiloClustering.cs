using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace L2LCluster.Silo;

/// <summary>Applies <see cref="ClusteringOptions"/> to a silo.</summary>
public static class SiloClustering
{
    public static ISiloBuilder UseL2LClustering(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(ClusteringOptions.Section).Get<ClusteringOptions>() ?? new ClusteringOptions();
        var kind = options.Kind.ToLowerInvariant();
        if (kind == "kubernetes")
        {
            // The pod's identity comes from the downward API; the Service's address is never advertised.
            options.ServiceId = PodEnvironment.Read(PodEnvironment.ServiceId);
            options.ClusterId = PodEnvironment.Read(PodEnvironment.ClusterId);
            options.AdvertisedAddress = PodEnvironment.Read(PodEnvironment.PodIp);
            var podName = PodEnvironment.Read(PodEnvironment.PodName);
            silo.Configure<SiloOptions>(siloOptions => siloOptions.SiloName = podName);
        }

        switch (kind)
        {
            case "localhost":
                var primary = new IPEndPoint(IPAddress.Loopback, options.PrimarySiloPort ?? options.SiloPort);
                return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId);
            case "redis" or "kubernetes":
                var redis = options.Redis ?? throw new InvalidOperationException($"Clustering:Redis must hold a connection string when Clustering:Kind is {kind}.");
                silo.Configure<ClusterOptions>(cluster =>
                {
                    cluster.ServiceId = options.ServiceId;
                    cluster.ClusterId = options.ClusterId;
                });
                var address = options.AdvertisedAddress is { } advertised ? IPAddress.Parse(advertised) : IPAddress.Loopback;
                silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: kind == "kubernetes");
                return silo.UseRedisClustering(redis);
            default:
                throw new InvalidOperationException($"Clustering:Kind must be localhost, redis or kubernetes; got '{options.Kind}'.");
        }
    }
}
