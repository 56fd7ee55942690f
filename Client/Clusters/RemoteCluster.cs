using System.Net;
using System.Net.Sockets;
using L2LCluster.Learning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace L2LCluster.Client.Clusters;

/// <summary>
/// A client of a running cluster: "--cluster HOST:PORT[,HOST:PORT…]" names gateways, "--cluster redis://HOST:PORT"
/// finds them through the Redis membership table of cluster id <c>clusterId</c>.
/// </summary>
internal sealed class RemoteCluster(IHost host, string description) : IClusterSession
{
    private const string RedisScheme = "redis://";

    public IGrainFactory Grains => host.Services.GetRequiredService<IClusterClient>();

    public string Description => description;

    public static async Task<RemoteCluster> ConnectAsync(string endpoint, string clusterId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Error);
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation();
            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = clusterId;
            });
            if (endpoint.StartsWith(RedisScheme, StringComparison.OrdinalIgnoreCase))
            {
                client.UseRedisClustering(endpoint[RedisScheme.Length..]);
            }
            else
            {
                client.UseStaticClustering([.. ParseGateways(endpoint)]);
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            host.Dispose();
            throw new InvalidSettingException("--cluster", $"cannot connect to the cluster at {endpoint} (cluster id '{clusterId}'): {error.Message}");
        }

        return new RemoteCluster(host, $"cluster at {endpoint}");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    private static IEnumerable<IPEndPoint> ParseGateways(string endpoints)
    {
        foreach (var part in endpoints.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = part.LastIndexOf(':');
            if (separator <= 0 || !int.TryParse(part.AsSpan(separator + 1), out var port) || port is < 1 or > 65535)
            {
                throw new InvalidSettingException("--cluster", $"'{part}' is not HOST:PORT or redis://HOST:PORT.");
            }

            var host = part[..separator];
            // A name may stand for several gateways (a Kubernetes headless Service lists every ready silo): take them
            // all, so that the client keeps a connection when one silo goes; IPv4 ones only where there are some.
            var resolved = IPAddress.TryParse(host, out var parsed) ? [parsed] : Dns.GetHostAddresses(host);
            var addresses = resolved.Any(address => address.AddressFamily == AddressFamily.InterNetwork)
                ? resolved.Where(address => address.AddressFamily == AddressFamily.InterNetwork)
                : resolved;
            InvalidSettingException.ThrowUnless(resolved.Length > 0, "--cluster", $"cannot resolve host '{host}'.");
            foreach (var address in addresses)
            {
                yield return new IPEndPoint(address, port);
            }
        }
    }
}
