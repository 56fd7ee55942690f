using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using L2LCluster.Hosting;
using L2LCluster.Hosting.Security;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Runtime.Messaging;

namespace L2LCluster.Client.Clusters;

/// <summary>
/// A client of a running cluster: "--cluster HOST:PORT[,HOST:PORT…]" names gateways, "--cluster redis://HOST:PORT"
/// finds them through the Redis membership table of cluster id <c>clusterId</c>.
/// </summary>
internal sealed class RemoteCluster(IHost host, string description, ClusterIdentity? identity) : IClusterSession
{
    private const string RedisScheme = "redis://";

    public IGrainFactory Grains => host.Services.GetRequiredService<IClusterClient>();

    public string Description => description;

    public RunFolder? RunFolder(RunId run) => null;

    /// <summary>How long a connection that fails is tried again: long enough for a silo that is starting, short for a prompt.</summary>
    private static readonly TimeSpan ConnectPatience = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A little more than Orleans' ConnectionRetryDelay (1 s), within which it fails a gateway that refused it again
    /// without trying it.
    /// </summary>
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1.5);

    /// <summary>The cluster that <c>--cluster</c> names; refused, naming the flag, when it cannot be reached.</summary>
    public static async Task<RemoteCluster> ConnectAsync(ClusterAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        // A certificate this client cannot use is refused here, naming its flag, rather than by the gateway later.
        var identity = address.Tls is { } files ? ClusterIdentity.Load(files, CertificateRole.Client) : null;
        var (cluster, failure) = await TryConnectAsync(address.Endpoint, address.ClusterId, identity, stillWorthTrying: () => true, cancellationToken);
        if (cluster is null)
        {
            identity?.Dispose();
        }

        return cluster ?? throw new InvalidSettingException(
            "--cluster", $"cannot connect to the cluster at {address.Endpoint} (cluster id '{address.ClusterId}'): {failure}{TlsHint(identity)}");
    }

    /// <summary>What to check when a connection failed: the gateway closes a connection it refuses without a word.</summary>
    private static string TlsHint(ClusterIdentity? identity) => identity is null
        ? " (a cluster with TLS closes the connections of a client without a certificate: give --tls-cert, --tls-key and --tls-ca, or L2L_TLS_CERT, L2L_TLS_KEY and L2L_TLS_CA)"
        : " (if the gateway refused this client's certificate, its silo's log says why)";

    /// <summary>
    /// The embedded cluster of the l2l process that trains the run in <paramref name="runFolder"/>; null when that
    /// process has ended (it takes its cluster with it), so the folder says how the run stands.
    /// </summary>
    public static async Task<RemoteCluster?> ConnectToLiveRunAsync(LiveRunFile live, RunFolder runFolder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(live);
        ArgumentNullException.ThrowIfNull(runFolder);
        bool StillRunning() => LiveRunFile.Read(runFolder) is not null;
        var (cluster, failure) = await TryConnectAsync(live.Gateway, live.ClusterId, identity: null, StillRunning, cancellationToken);
        return cluster is not null || !StillRunning()
            ? cluster
            : throw new InvalidSettingException("RUN", $"run '{runFolder.Name}' is trained by l2l process {live.ProcessId}, whose cluster at {live.Gateway} does not answer: {failure}");
    }

    private static async Task<(RemoteCluster? Cluster, string? Failure)> TryConnectAsync(
        string endpoint, string clusterId, ClusterIdentity? identity, Func<bool> stillWorthTrying, CancellationToken cancellationToken)
    {
        string? refusedGateway = null;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddL2LDefaults(HostRole.Client);
        var patience = Stopwatch.StartNew();
        builder.UseOrleansClient(client =>
        {
            client.AddActivityPropagation();
            if (identity is not null)
            {
                client.UseL2LTls(identity, onRefusedGateway: reason => refusedGateway = reason);
            }

            client.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = clusterId;
                options.ServiceId = clusterId;
            });
            // Orleans alone retries for three minutes; a prompt gives up sooner, and at once when the process it is
            // trying to reach has gone.
            client.UseConnectionRetryFilter(async (error, token) =>
            {
                if (error is not (ConnectionFailedException or OrleansMessageRejectionException) || refusedGateway is not null || patience.Elapsed >= ConnectPatience || !stillWorthTrying())
                {
                    return false;
                }

                await Task.Delay(RetryDelay, token);
                return true;
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
            return (null, refusedGateway is { } refusal ? $"this client refused the gateway: {refusal}" : Innermost(error).Message);
        }

        return (new RemoteCluster(host, $"cluster at {endpoint}", identity), null);
    }

    /// <summary>The cause at the bottom of Orleans' wrappers ("Unable to connect to any of the 1 available gateways").</summary>
    private static Exception Innermost(Exception error) => error.InnerException is { } inner ? Innermost(inner) : error;

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        identity?.Dispose();
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
