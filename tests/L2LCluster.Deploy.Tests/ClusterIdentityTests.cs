using System.Runtime.Versioning;
using System.Security.Cryptography.X509Certificates;
using L2LCluster.Hosting.Security;
using L2LCluster.Runs;

namespace L2LCluster.Deploy.Tests;

/// <summary>Which certificates a cluster accepts, and for what; and how its certificate folder is made.</summary>
public sealed class ClusterIdentityTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly TempFolder _folder = new();
    private readonly CertificateFolder _certificates;
    private readonly ClusterIdentity _silo;

    public ClusterIdentityTests()
    {
        _certificates = new CertificateFolder(_folder.File("tls"));
        _certificates.CreateAuthority(TimeSpan.FromDays(30), Day);
        _silo = ClusterIdentity.Load(_certificates.Identity(CertificateFolder.SiloName, TlsFiles.ConfigurationKeys), CertificateRole.Silo);
    }

    [Fact]
    public void ACertificateOfTheAuthorityIsAcceptedForTheRoleItNamesOnly()
    {
        using var client = Certificate(CertificateFolder.ClientName);

        Assert.Null(_silo.Refusal(_silo.Certificate, CertificateRole.Silo));
        Assert.Null(_silo.Refusal(client, CertificateRole.Client));
        Assert.Contains("is a client certificate; this connection needs OU=silo", _silo.Refusal(client, CertificateRole.Silo), StringComparison.Ordinal);
        Assert.Contains("is a silo certificate; this connection needs OU=client", _silo.Refusal(_silo.Certificate, CertificateRole.Client), StringComparison.Ordinal);
    }

    [Fact]
    public void ACertificateOfAnotherAuthorityIsRefusedNamingItsIssuer()
    {
        using var other = CertificateAuthority.Create("someone else", TimeSpan.FromDays(30));
        var issued = other.Issue(CertificateRole.Silo, "intruder", Day);
        using var intruder = X509Certificate2.CreateFromPem(issued.CertificatePem);

        var refusal = _silo.Refusal(intruder, CertificateRole.Silo);

        Assert.Equal("certificate 'O=L2LCluster, OU=silo, CN=intruder' (issuer 'O=L2LCluster, CN=someone else') is not issued by this cluster's authority.", refusal);
    }

    [Fact]
    public void AnExpiredCertificateIsRefusedWithItsExpiry()
    {
        var authority = _silo.Authority[0];
        using var issuer = CertificateAuthority.FromPem(File.ReadAllText(_certificates.AuthorityCertificate), File.ReadAllText(Path.Combine(_certificates.Path, "ca.key")));
        var issued = issuer.Issue(CertificateRole.Client, "late", authority.NotBefore, authority.NotBefore.AddHours(1));
        using var late = X509Certificate2.CreateFromPem(issued.CertificatePem);

        var refusal = _silo.Refusal(late, CertificateRole.Client);

        Assert.StartsWith("certificate 'O=L2LCluster, OU=client, CN=late' expired on ", refusal, StringComparison.Ordinal);
        Assert.Equal("no certificate was presented.", _silo.Refusal(null, CertificateRole.Client));
    }

    [Fact]
    public void FilesAHostCannotUseAreRefusedNamingTheSetting()
    {
        var names = new TlsSettingNames("--tls-cert", "--tls-key", "--tls-ca");
        var silo = _certificates.Identity(CertificateFolder.SiloName, names);
        var client = _certificates.Identity(CertificateFolder.ClientName, names);

        Assert.Equal("--tls-key: is needed with --tls-cert (a PEM file).", Refused(() => TlsFiles.From("a.pem", null, null, names)));
        Assert.Equal($"--tls-cert: '{_folder.File("none.pem")}' does not exist.", Refused(() => ClusterIdentity.Load(silo with { Certificate = _folder.File("none.pem") }, CertificateRole.Silo)));
        Assert.StartsWith("--tls-cert, --tls-key: are not a PEM certificate and its private key", Refused(() => ClusterIdentity.Load(silo with { Key = client.Key }, CertificateRole.Silo)), StringComparison.Ordinal);
        Assert.Equal(
            "--tls-ca: certificate 'O=L2LCluster, OU=silo, CN=silo' is not a certificate authority's (basic constraint CA:TRUE).",
            Refused(() => ClusterIdentity.Load(silo with { Authority = silo.Certificate }, CertificateRole.Silo)));
        Assert.Contains("is a silo certificate; this connection needs OU=client", Refused(() => ClusterIdentity.Load(silo, CertificateRole.Client)), StringComparison.Ordinal);
        Assert.Null(TlsFiles.From(null, " ", null, names));
    }

    [Fact]
    [SupportedOSPlatform("linux")]
    public void TheFolderIsMadeOnceAndNothingInItIsEverOverwritten()
    {
        var authorityBefore = File.ReadAllText(_certificates.AuthorityCertificate);

        Assert.False(_certificates.CreateAuthority(TimeSpan.FromDays(30), Day));
        Assert.Equal(authorityBefore, File.ReadAllText(_certificates.AuthorityCertificate));
        Assert.EndsWith("exists already; a certificate or key is never overwritten (remove it first to replace it).", Refused(() => _certificates.Issue(CertificateRole.Client, "client", Day, "--name")), StringComparison.Ordinal);
        Assert.Equal("--name: 'ca' is the authority's own name.", Refused(() => _certificates.Issue(CertificateRole.Client, "ca", Day, "--name")));
        Assert.StartsWith("--name: '../x' must be 1 to 63", Refused(() => _certificates.Issue(CertificateRole.Client, "../x", Day, "--name")), StringComparison.Ordinal);
        Assert.StartsWith("--name: the authority expires in", Refused(() => _certificates.Issue(CertificateRole.Client, "long", TimeSpan.FromDays(60), "--name")), StringComparison.Ordinal);
        var alice = _certificates.Issue(CertificateRole.Client, "alice", Day, "--name");
        using var identity = ClusterIdentity.Load(alice, CertificateRole.Client);
        Assert.Equal(CertificateRole.Client, identity.Role);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(alice.Key));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_certificates.Path, "ca.key")));
    }

    public void Dispose()
    {
        _silo.Dispose();
        _folder.Dispose();
    }

    private X509Certificate2 Certificate(string name)
    {
        var files = _certificates.Identity(name, TlsFiles.ConfigurationKeys);
        return X509Certificate2.CreateFromPemFile(files.Certificate, files.Key);
    }

    private static string Refused(Func<object?> action) => Assert.Throws<InvalidSettingException>(action).Message;
}
