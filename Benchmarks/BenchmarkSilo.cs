using L2LCluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace L2LCluster.Benchmarks;

/// <summary>The console's embedded cluster (<see cref="EmbeddedSilo"/>) on this machine's device with a throw-away run folder.</summary>
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

    public static async Task<BenchmarkSilo> StartAsync(string deviceKind, int threads, int cpuDevices = 1, Action<IServiceCollection>? configureServices = null)
    {
        var runs = Directory.CreateTempSubdirectory("l2l-benchmark-runs-");
        try
        {
            return new BenchmarkSilo(await EmbeddedSilo.StartAsync(runs.FullName, deviceKind, threads, CancellationToken.None, cpuDevices, configureServices), runs);
        }
        catch
        {
            runs.Delete(recursive: true);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _runs.Delete(recursive: true);
    }
}
