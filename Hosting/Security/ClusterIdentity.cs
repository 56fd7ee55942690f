using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using L2LCluster.Runs;

namespace L2LCluster.Hosting.Security;

/// <summary>
/// A host's place in a cluster's trust: its own certificate with its private key, and the cluster's authority, which
/// decides every peer. A peer is accepted when its certificate chains to the authority (not the machine's roots), is
/// within its validity period and names the role the connection needs; host names are not checked, because silos
/// are addressed by pod IPs that no certificate can know in advance.
/// </summary>
public sealed class ClusterIdentity : IDisposable
{
    /// <summary>A PEM file larger than this is not a certificate or key of ours.</summary>
    private const long MaxPemBytes = 1 << 20;

    private ClusterIdentity(X509Certificate2 certificate, X509Certificate2Collection authority, CertificateRole role)
    {
        Certificate = certificate;
        Authority = authority;
        Role = role;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The authority's certificates: one, or two while it is being rotated (old and new).</summary>
    public X509Certificate2Collection Authority { get; }

    public CertificateRole Role { get; }

    /// <summary>The identity the files hold; refused, naming the setting, when a file is missing or unusable or the certificate is not one the cluster accepts for <paramref name="role"/>.</summary>
    public static ClusterIdentity Load(TlsFiles files, CertificateRole role)
    {
        ArgumentNullException.ThrowIfNull(files);
        var names = files.Names;
        return Create(
            ReadPem(files.Certificate, names.Certificate),
            ReadPem(files.Key, names.Key),
            ReadPem(files.Authority, names.Authority),
            role,
            names);
    }

    /// <summary>The identity of PEM texts (the embedded cluster's, minted in memory).</summary>
    public static ClusterIdentity FromPem(string certificatePem, string keyPem, string authorityPem, CertificateRole role, TlsSettingNames names) =>
        Create(certificatePem, keyPem, authorityPem, role, names);

    /// <summary>Why <paramref name="peer"/> may not be a <paramref name="expected"/> of this cluster; null when it may.</summary>
    public string? Refusal(X509Certificate2? peer, CertificateRole expected)
    {
        if (peer is null)
        {
            return "no certificate was presented.";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (!chain.Build(peer))
        {
            return ChainFailure(peer, chain);
        }

        var role = CertificateRoles.Of(peer);
        return role == expected
            ? null
            : $"certificate '{peer.Subject}' is {(role is { } other ? "a " + CertificateRoles.UnitOf(other) : "no silo's or client's")} certificate; this connection needs OU={CertificateRoles.UnitOf(expected)}.";
    }

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var certificate in Authority)
        {
            certificate.Dispose();
        }
    }

    private static ClusterIdentity Create(string certificatePem, string keyPem, string authorityPem, CertificateRole role, TlsSettingNames names)
    {
        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPem(authorityPem);
        }
        catch (CryptographicException error)
        {
            throw new InvalidSettingException(names.Authority, $"is not a PEM certificate file: {error.Message}");
        }

        InvalidSettingException.ThrowUnless(authority.Count > 0, names.Authority, "holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        foreach (var certificate in authority)
        {
            var constraints = certificate.Extensions.OfType<X509BasicConstraintsExtension>().SingleOrDefault();
            InvalidSettingException.ThrowUnless(
                constraints is { CertificateAuthority: true },
                names.Authority,
                $"certificate '{certificate.Subject}' is not a certificate authority's (basic constraint CA:TRUE).");
        }

        X509Certificate2 own;
        try
        {
            own = X509Certificate2.CreateFromPem(certificatePem, keyPem);
        }
        catch (CryptographicException error)
        {
            throw new InvalidSettingException($"{names.Certificate}, {names.Key}", $"are not a PEM certificate and its private key: {error.Message}");
        }
        catch (ArgumentException error)
        {
            throw new InvalidSettingException($"{names.Certificate}, {names.Key}", $"are not a PEM certificate and its private key: {error.Message}");
        }

        var identity = new ClusterIdentity(own, authority, role);
        if (identity.Refusal(own, role) is { } refusal)
        {
            identity.Dispose();
            throw new InvalidSettingException(names.Certificate, refusal);
        }

        return identity;
    }

    private static string ChainFailure(X509Certificate2 peer, X509Chain chain)
    {
        var statuses = chain.ChainStatus.Select(status => status.Status).ToHashSet();
        if (statuses.Contains(X509ChainStatusFlags.NotTimeValid))
        {
            var now = DateTime.Now;
            return now > peer.NotAfter
                ? $"certificate '{peer.Subject}' expired on {peer.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z."
                : now < peer.NotBefore
                    ? $"certificate '{peer.Subject}' is not valid before {peer.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z."
                    : $"certificate '{peer.Subject}' is issued by an authority certificate that is not valid now.";
        }

        if (statuses.Contains(X509ChainStatusFlags.UntrustedRoot) || statuses.Contains(X509ChainStatusFlags.PartialChain))
        {
            return $"certificate '{peer.Subject}' (issuer '{peer.Issuer}') is not issued by this cluster's authority.";
        }

        return $"certificate '{peer.Subject}' is not valid: {string.Join("; ", chain.ChainStatus.Select(status => status.StatusInformation.Trim()))}.";
    }

    private static string ReadPem(string path, string setting)
    {
        var file = new FileInfo(path);
        InvalidSettingException.ThrowUnless(file.Exists, setting, $"'{path}' does not exist.");
        InvalidSettingException.ThrowUnless(file.Length <= MaxPemBytes, setting, $"'{path}' is {file.Length} bytes, more than a PEM file of {MaxPemBytes} bytes may be.");
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException(setting, $"cannot read '{path}': {error.Message}");
        }
    }
}
