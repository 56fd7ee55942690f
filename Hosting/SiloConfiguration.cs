using System.Net;
using System.Text.RegularExpressions;
using L2LCluster.Grains.Coordinator;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Storage;
using L2LCluster.Hosting.Security;
using L2LCluster.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace L2LCluster.Hosting;

/// <summary>
/// A silo as its configuration describes it: how it finds the others (section Clustering), where runs are kept
/// (Storage), its devices (Devices) and how often a running run's reminder ticks (Runs). A key with a value the silo
/// cannot use is refused before anything starts, naming the key.
/// </summary>
public static partial class SiloConfiguration
{
    public const string StorageKindKey = "Storage:Kind";

    private const string StorageRedisKey = "Storage:Redis";

    public static ISiloBuilder UseL2LConfiguration(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(configuration);
        var clustering = Read<ClusteringOptions>(configuration, ClusteringOptions.Section).Validate();
        if (string.Equals(clustering.Kind, ClusteringOptions.Kubernetes, StringComparison.OrdinalIgnoreCase))
        {
            // Settings that do not describe a pod are named before the pod's certificates are asked for.
            Array.ForEach([PodEnvironment.ServiceId, PodEnvironment.ClusterId, PodEnvironment.PodIp, PodEnvironment.PodName], name => PodEnvironment.Read(name));
        }

        var identity = ClusterTlsSettings.Read(configuration, clustering) is { } tls ? ClusterIdentity.Load(tls, CertificateRole.Silo) : null;
        silo.UseL2LClustering(clustering, identity);
        if (identity is not null)
        {
            silo.UseL2LTls(identity);
        }

        // Checked here, not only when the silo starts: a program reports a bad setting in one line, before any host logs.
        var devices = Read<DeviceOptions>(configuration, DeviceOptions.Section).Validate();
        var runs = Read<RunOptions>(configuration, RunOptions.Section).Validate();
        silo.Services.Configure<DeviceOptions>(options =>
        {
            options.Kind = devices.Kind;
            options.CpuDevices = devices.CpuDevices;
            options.Threads = devices.Threads;
        });
        silo.Services.Configure<RunOptions>(options =>
        {
            options.WakeInterval = runs.WakeInterval;
            options.MemoryBudget = runs.MemoryBudget;
            options.StoreOutageLimit = runs.StoreOutageLimit;
        });
        silo.AddL2LCluster();
        var storage = configuration[StorageKindKey] ?? "directory";
        switch (storage.ToLowerInvariant())
        {
            case "directory":
                var directory = new DirectoryRunStoreOptions { Directory = configuration["Storage:Directory"] ?? new DirectoryRunStoreOptions().Directory }.Validate();
                return silo.AddDirectoryRunStore(options => options.Directory = directory.Directory);
            case "redis":
                var redis = RedisConnections.Parse(configuration[StorageRedisKey], StorageRedisKey, identity);
                return silo.AddRedisRunStore(options => options.ConfigurationOptions = redis);
            default:
                throw new InvalidSettingException(StorageKindKey, $"must be directory or redis; got '{storage}'.");
        }
    }

    /// <summary>
    /// Clustering and the reminder service that goes with it: in memory on one machine, in the Redis of the membership
    /// table for a cluster of processes or pods (a reminder must outlive the silo that registered it).
    /// </summary>
    /// <param name="silo">The silo being built.</param>
    /// <param name="options">Its clustering section.</param>
    /// <param name="identity">Its TLS identity, which a Redis connection with ssl=true needs.</param>
    public static ISiloBuilder UseL2LClustering(this ISiloBuilder silo, ClusteringOptions options, ClusterIdentity? identity = null)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var kind = options.Kind.ToLowerInvariant();
        if (kind == ClusteringOptions.Kubernetes)
        {
            // The pod's identity comes from the downward API; the Service's address is never advertised.
            options.ServiceId = PodEnvironment.Read(PodEnvironment.ServiceId);
            options.ClusterId = PodEnvironment.Read(PodEnvironment.ClusterId);
            options.AdvertisedAddress = PodEnvironment.Read(PodEnvironment.PodIp);
            var podName = PodEnvironment.Read(PodEnvironment.PodName);
            silo.Configure<SiloOptions>(siloOptions => siloOptions.SiloName = podName);
        }

        if (options.GatewayListeningPort is { } listening)
        {
            var listeningAddress = kind switch
            {
                ClusteringOptions.Kubernetes => IPAddress.Any,
                ClusteringOptions.Localhost => IPAddress.Loopback,
                _ => options.AdvertisedAddress is { } own ? IPAddress.Parse(own) : IPAddress.Loopback,
            };
            silo.Services.PostConfigure<EndpointOptions>(endpoints => endpoints.GatewayListeningEndpoint = new IPEndPoint(listeningAddress, listening));
        }

        if (kind == ClusteringOptions.Localhost)
        {
            var primary = new IPEndPoint(IPAddress.Loopback, options.PrimarySiloPort ?? options.SiloPort);
            return silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, primary, options.ServiceId, options.ClusterId).UseInMemoryReminderService();
        }

        var redis = RedisConnections.Parse(options.Redis, $"{ClusteringOptions.Section}:{nameof(ClusteringOptions.Redis)}", identity);
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ServiceId = options.ServiceId;
            cluster.ClusterId = options.ClusterId;
        });
        var address = options.AdvertisedAddress is { } advertised ? IPAddress.Parse(advertised) : IPAddress.Loopback;
        silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: kind == ClusteringOptions.Kubernetes);
        return silo.UseRedisClustering(clustering => clustering.ConfigurationOptions = redis.Clone())
            .UseRedisReminderService(reminders => reminders.ConfigurationOptions = redis.Clone());
    }

    /// <summary>
    /// The address this silo is reached at: its pod IP on Kubernetes, its advertised address on a cluster of
    /// processes, loopback on one machine. Its other listeners (health) bind to it, not to every interface.
    /// </summary>
    public static IPAddress OwnAddress(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var clustering = Read<ClusteringOptions>(configuration, ClusteringOptions.Section);
        var address = string.Equals(clustering.Kind, ClusteringOptions.Kubernetes, StringComparison.OrdinalIgnoreCase)
            ? PodEnvironment.Read(PodEnvironment.PodIp)
            : clustering.AdvertisedAddress;
        return address is not null && IPAddress.TryParse(address, out var parsed) ? parsed : IPAddress.Loopback;
    }

    /// <summary>A section as its options type; a value that is not of the key's type is refused naming the key.</summary>
    private static T Read<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException error)
        {
            var key = ConversionKey().Match(error.Message) is { Success: true } match ? match.Groups["key"].Value : section;
            throw new InvalidSettingException(key, $"cannot be read: {error.InnerException?.Message ?? error.Message}");
        }
    }

    [GeneratedRegex("at '(?<key>[^']+)'")]
    private static partial Regex ConversionKey();
}
