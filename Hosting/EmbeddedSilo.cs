using System.Net;
using System.Net.Sockets;
using L2LCluster.Grains.Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace L2LCluster.Hosting;

/// <summary>
/// A single-machine cluster inside another program (the console, the benchmarks): one silo on free loopback ports
/// with this machine's devices, its run folders under one directory, its reminders in memory. It never resumes runs on
/// its own: a run an earlier process left behind is not continued behind the user's back.
/// </summary>
public static class EmbeddedSilo
{
    /// <param name="runsDirectory">Where run folders go.</param>
    /// <param name="deviceKind">auto, cpu or cuda.</param>
    /// <param name="threads">libtorch threads.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="cpuDevices">Workers on the CPU when it is the device.</param>
    /// <param name="configureServices">Extra services, e.g. a call filter that simulates a slow device in a benchmark.</param>
    /// <param name="configure">Your own problem families (<see cref="L2LClusterOptions"/>).</param>
    public static async Task<IHost> StartAsync(
        string runsDirectory,
        string deviceKind,
        int threads,
        CancellationToken cancellationToken = default,
        int cpuDevices = 1,
        Action<IServiceCollection>? configureServices = null,
        Action<L2LClusterOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddL2LDefaults(HostRole.EmbeddedSilo);
        builder.Services.AddSingleton<IHostLifetime, HostedByProgramLifetime>();
        builder.Services.Configure<DeviceOptions>(options =>
        {
            options.Kind = deviceKind;
            options.Threads = threads;
            options.CpuDevices = cpuDevices;
        });
        configureServices?.Invoke(builder.Services);
        var clusterId = $"l2l-embedded-{Environment.ProcessId}";
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: clusterId, clusterId: clusterId)
            .UseInMemoryReminderService()
            .AddL2LCluster(configure)
            .AddDirectoryRunStore(options => options.Directory = runsDirectory));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return host;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
