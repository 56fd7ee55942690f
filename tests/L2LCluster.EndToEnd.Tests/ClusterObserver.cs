using L2LCluster.Contracts;
using L2LCluster.Hosting.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace L2LCluster.EndToEnd.Tests;

/// <summary>An Orleans client of a local cluster in the test's own process (with its client certificate), to poll runs often.</summary>
public sealed class ClusterObserver : IAsyncDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost _host;
    private readonly ClusterIdentity _identity;

    private ClusterObserver(IHost host, ClusterIdentity identity)
    {
        _host = host;
        _identity = identity;
    }

    public static async Task<ClusterObserver> ConnectAsync(LocalCluster cluster)
    {
        var environment = cluster.ClientEnvironment;
        var identity = ClusterIdentity.Load(
            new TlsFiles(environment["L2L_TLS_CERT"], environment["L2L_TLS_KEY"], environment["L2L_TLS_CA"], TlsFiles.ConfigurationKeys), CertificateRole.Client);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client => client
            .UseStaticClustering([.. cluster.Gateways])
            .Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = ("l2lcluster", "l2lcluster"))
            .UseL2LTls(identity));
        var host = builder.Build();
        await host.StartAsync();
        return new ClusterObserver(host, identity);
    }

    /// <summary>
    /// The run's status; null while its coordinator cannot answer (its silo died, the cluster is settling: a directory
    /// lookup that a membership change cuts short ends in a cancellation inside Orleans).
    /// </summary>
    public async Task<RunStatus?> StatusAsync(string run)
    {
        try
        {
            return await _host.Services.GetRequiredService<IClusterClient>().GetGrain<ICoordinatorGrain>(run).GetStatusAsync().WaitAsync(CallTimeout);
        }
        catch (Exception error) when (error is TimeoutException or OperationCanceledException or SiloUnavailableException or OrleansMessageRejectionException or OrleansException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _identity.Dispose();
    }
}
