using System.Security.Authentication;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace L2LCluster.Hosting.Security;

/// <summary>
/// Mutual TLS on every connection of a cluster: the silo port takes silos only, the gateway port clients only, and
/// each side of every connection checks the other against the cluster's authority (<see cref="ClusterIdentity"/>).
/// </summary>
public static partial class ClusterTls
{
    /// <summary>The name a dialing side asks for (SNI); certificates are not checked against it.</summary>
    private const string TargetHost = "l2lcluster";

    public static ISiloBuilder UseL2LTls(this ISiloBuilder silo, ClusterIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(identity);
        return silo.Configure<SiloConnectionOptions>(connections =>
        {
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(Options(identity, CertificateRole.Silo, connection, "silo port")));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(Options(identity, CertificateRole.Client, connection, "gateway")));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(Options(identity, CertificateRole.Silo, connection, "silo")));
        });
    }

    public static IClientBuilder UseL2LTls(this IClientBuilder client, ClusterIdentity identity, Action<string>? onRefusedGateway = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(identity);
        return client.Configure<ClientConnectionOptions>(connections =>
            connections.ConfigureConnection(connection => connection.UseClientTls(Options(identity, CertificateRole.Silo, connection, "gateway", onRefusedGateway))));
    }

    private static TlsOptions Options(ClusterIdentity identity, CertificateRole peers, IConnectionBuilder connection, string side, Action<string>? onRefused = null)
    {
        var logger = (connection.ApplicationServices.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger(typeof(ClusterTls));
        return new TlsOptions
        {
            LocalCertificate = identity.Certificate,
            RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
            ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
            SslProtocols = SslProtocols.Tls13,
            RemoteCertificateValidation = (certificate, _, _) =>
            {
                if (identity.Refusal(certificate, peers) is not { } refusal)
                {
                    return true;
                }

                LogRefused(logger, side, refusal);
                onRefused?.Invoke(refusal);
                return false;
            },
            OnAuthenticateAsClient = (_, options) => options.TargetHost = TargetHost,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a TLS peer on the {Side}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string side, string reason);
}
