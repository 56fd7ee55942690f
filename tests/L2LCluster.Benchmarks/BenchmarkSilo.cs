using System.Net;
using System.Net.Sockets;
using L2LCluster.Grains;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Benchmarks;

/// <summary>
/// One L2LCluster silo inside the benchmark's process, as the console's embedded cluster runs it: one CPU device,
/// free loopback ports and a throw-away run folder.
/// </summary>
internal sealed class BenchmarkSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly DirectoryInfo _runs;

    private BenchmarkSilo(IHost host, DirectoryInfo runs)
    {
        _host = host;
        _runs = runs;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<BenchmarkSilo> StartAsync(int threads)
    {
        var runs = Directory.CreateTempSubdirectory("l2l-benchmark-runs-");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        // stderr, like the benchmark's progress lines: stdout carries only the report.
        builder.Logging
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Orleans", LogLevel.Error);
        builder.Services.Configure<DeviceOptions>(options =>
        {
            options.Kind = "cpu";
            options.CpuDevices = 1;
            options.Threads = threads;
        });
        builder.Services.Configure<RunStoreOptions>(options => options.Directory = runs.FullName);
        var clusterId = $"l2l-benchmark-{Environment.ProcessId}";
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: clusterId, clusterId: clusterId)
            .AddL2LCluster());
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            runs.Delete(recursive: true);
            throw;
        }

        return new BenchmarkSilo(host, runs);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _runs.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
