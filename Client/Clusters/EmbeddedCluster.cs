using L2LCluster.Grains.Devices;
using L2LCluster.Hosting;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace L2LCluster.Client.Clusters;

/// <summary>The console's own single-machine cluster (<see cref="EmbeddedSilo"/>): the same grains as a real cluster.</summary>
internal sealed class EmbeddedCluster(IHost host, string runStore, string description) : IClusterSession
{
    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public string Description => description;

    /// <summary>How another l2l process on this machine reaches this cluster (watch, stop, runs).</summary>
    public LiveRunFile Address => new(
        $"127.0.0.1:{host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value.GatewayPort}",
        host.Services.GetRequiredService<IOptions<ClusterOptions>>().Value.ClusterId,
        Environment.ProcessId);

    public RunFolder RunFolder(RunId run) => global::L2LCluster.Runs.Storage.RunFolder.In(runStore, run);

    public static async Task<EmbeddedCluster> StartAsync(string runStore, string deviceKind, int threads, CancellationToken cancellationToken)
    {
        var host = await EmbeddedSilo.StartAsync(runStore, deviceKind, threads, cancellationToken);
        var devices = host.Services.GetRequiredService<SiloDevices>().Devices;
        return new EmbeddedCluster(host, runStore, $"embedded cluster ({string.Join(", ", devices.Select(device => device.Info.Description))})");
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
