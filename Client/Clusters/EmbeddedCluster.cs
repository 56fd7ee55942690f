using System.Net;
using System.Net.Sockets;
using L2LCluster.Grains;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Client.Clusters;

/// <summary>
/// A single-machine cluster inside the console's process: one silo on free loopback ports with this machine's
/// devices, keeping run folders under <c>runsDirectory</c>. The same grains run as in a real cluster.
/// </summary>
internal sealed class EmbeddedCluster(IHost host, string description) : IClusterSession
{
    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public string Description => description;

    public static async Task<EmbeddedCluster> StartAsync(string runsDirectory, string deviceKind, int threads, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Orleans", LogLevel.Error);
        builder.Services.Configure<DeviceOptions>(options =>
        {
            options.Kind = deviceKind;
            options.Threads = threads;
        });
        builder.Services.Configure<RunStoreOptions>(options =>
        {
            options.Directory = runsDirectory;
            options.ResumeInterval = TimeSpan.Zero;
        });
        var clusterId = $"l2l-embedded-{Environment.ProcessId}";
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: clusterId, clusterId: clusterId)
            .AddL2LCluster());
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        var devices = host.Services.GetRequiredService<SiloDevices>().Devices;
        return new EmbeddedCluster(host, $"embedded cluster ({string.Join(", ", devices.Select(device => device.Info.Description))})");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
