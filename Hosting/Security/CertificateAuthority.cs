using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace L2LCluster.Hosting.Security;

/// <summary>
/// A cluster's own certificate authority (ECDSA P-256): it issues the silos' and clients' certificates, each naming
/// its role in its subject's OU. The local cluster script and the embedded cluster mint theirs with it; Kubernetes
/// users may use cert-manager instead, with the same subject layout.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    private CertificateAuthority(X509Certificate2 certificate) => Certificate = certificate;

    /// <summary>The authority's certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string KeyPem => Certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>A new authority named <paramref name="name"/>, valid from a day ago (clock skew) for <paramref name="validity"/>.</summary>
    public static CertificateAuthority Create(string name, TimeSpan validity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(name, unit: null), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(X509BasicConstraintsExtension.CreateForCertificateAuthority(pathLengthConstraint: 0));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        return new CertificateAuthority(request.CreateSelfSigned(now.AddDays(-1), now + validity));
    }

    /// <summary>The authority whose certificate and private key the PEM texts hold.</summary>
    public static CertificateAuthority FromPem(string certificatePem, string keyPem) => new(X509Certificate2.CreateFromPem(certificatePem, keyPem));

    /// <summary>A certificate for a <paramref name="role"/> named <paramref name="name"/>, valid for <paramref name="validity"/> from now.</summary>
    public IssuedCertificate Issue(CertificateRole role, string name, TimeSpan validity)
    {
        var now = DateTimeOffset.UtcNow;
        return Issue(role, name, now.AddMinutes(-5), now + validity);
    }

    /// <summary>A certificate for a <paramref name="role"/> named <paramref name="name"/>, valid between the two times (which may both be past).</summary>
    public IssuedCertificate Issue(CertificateRole role, string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(name, CertificateRoles.UnitOf(role)), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // A silo is both ends of its connections (it accepts silos and clients and dials silos); a client only dials;
        // the store only accepts.
        var usages = new OidCollection();
        if (role != CertificateRole.Store)
        {
            usages.Add(new Oid(ClientAuthentication));
        }

        if (role != CertificateRole.Client)
        {
            usages.Add(new Oid(ServerAuthentication));
        }

        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, critical: false));
        var alternativeNames = new SubjectAlternativeNameBuilder();
        alternativeNames.AddDnsName(name);
        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(Certificate, notBefore, notAfter, serial);
        return new IssuedCertificate(issued.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => Certificate.Dispose();

    private static X500DistinguishedName Subject(string name, string? unit)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("L2LCluster");
        if (unit is not null)
        {
            subject.AddOrganizationalUnitName(unit);
        }

        subject.AddCommonName(name);
        return subject.Build();
    }
}
