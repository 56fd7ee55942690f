using System.Security.Cryptography.X509Certificates;
using L2LCluster.Hosting.Security;
using L2LCluster.Runs;
using StackExchange.Redis;

namespace L2LCluster.Hosting;

/// <summary>
/// A silo's Redis connection strings (membership, reminders, runs) as StackExchange.Redis options, read once. A
/// connection with TLS (ssl=true) trusts only a Redis whose certificate the cluster's authority issued for the store
/// (OU=store), and presents the silo's own certificate, so a Redis that asks for client certificates admits silos only.
/// </summary>
public static class RedisConnections
{
    public static ConfigurationOptions Parse(string? connectionString, string setting, ClusterIdentity? identity)
    {
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(connectionString), setting, "must hold a connection string (HOST:PORT[,user=…,password=…,ssl=true]).");
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString!);
        }
        catch (ArgumentException error)
        {
            throw new InvalidSettingException(setting, $"is not a Redis connection string: {error.Message}");
        }

        if (options.Ssl)
        {
            var keys = TlsFiles.ConfigurationKeys;
            var trusted = identity ?? throw new InvalidSettingException(
                setting, $"asks for TLS (ssl=true): the silo needs {keys.Certificate}, {keys.Key} and {keys.Authority} to know the Redis it talks to.");
            options.CertificateValidation += (_, certificate, _, _) =>
            {
                using var presented = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return trusted.Refusal(presented, CertificateRole.Store) is null;
            };
            options.CertificateSelection += (_, _, _, _, _) => trusted.Certificate;
        }

        return options;
    }
}
