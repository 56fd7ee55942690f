using System.Text.RegularExpressions;
using L2LCluster.Runs;

namespace L2LCluster.Hosting.Security;

/// <summary>
/// A folder of a cluster's certificates, as PEM files: the authority (ca.pem, and ca.key, which only its owner may
/// read) and each certificate it issued as NAME.pem with NAME.key. The only code that knows these names.
/// </summary>
public sealed partial class CertificateFolder(string path)
{
    public const string SiloName = "silo";

    public const string ClientName = "client";

    public const string StoreName = "redis";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string AuthorityCertificate => File("ca.pem");

    private string AuthorityKey => File("ca.key");

    public bool HasAuthority => System.IO.File.Exists(AuthorityKey);

    /// <summary>The files of the certificate named <paramref name="name"/>, as a host reads them.</summary>
    public TlsFiles Identity(string name, TlsSettingNames names) => new(File($"{name}.pem"), File($"{name}.key"), AuthorityCertificate, names);

    /// <summary>
    /// A new authority with a silo, a client and a store certificate ("silo", "client", "redis"); false, writing nothing,
    /// when the folder has an authority already (the local cluster mints its certificates on its first start only).
    /// </summary>
    public bool CreateAuthority(TimeSpan authorityValidity, TimeSpan validity)
    {
        if (HasAuthority)
        {
            return false;
        }

        Directory.CreateDirectory(Path);
        using var authority = CertificateAuthority.Create($"L2LCluster authority {System.IO.Path.GetFileName(Path)}", authorityValidity);
        Write(AuthorityCertificate, authority.CertificatePem, secret: false);
        Write(AuthorityKey, authority.KeyPem, secret: true);
        Issue(authority, CertificateRole.Silo, SiloName, validity);
        Issue(authority, CertificateRole.Client, ClientName, validity);
        Issue(authority, CertificateRole.Store, StoreName, validity);
        return true;
    }

    /// <summary>A certificate of <paramref name="role"/> named <paramref name="name"/> from the folder's authority; an existing one is never replaced.</summary>
    public TlsFiles Issue(CertificateRole role, string name, TimeSpan validity, string nameSetting)
    {
        InvalidSettingException.ThrowUnless(HasAuthority, Path, $"holds no authority (ca.pem and ca.key); create one first.");
        using var authority = CertificateAuthority.FromPem(System.IO.File.ReadAllText(AuthorityCertificate), System.IO.File.ReadAllText(AuthorityKey));
        InvalidSettingException.ThrowUnless(ValidName().IsMatch(name), nameSetting, $"'{name}' must be 1 to 63 lower-case letters, digits or hyphens.");
        InvalidSettingException.ThrowUnless(name != "ca", nameSetting, "'ca' is the authority's own name.");
        var limit = authority.Certificate.NotAfter.ToUniversalTime() - DateTime.UtcNow;
        InvalidSettingException.ThrowUnless(validity <= limit, nameSetting, $"the authority expires in {limit.TotalDays:F0} days; a certificate it issues cannot outlive it.");
        Issue(authority, role, name, validity);
        return Identity(name, TlsFiles.ConfigurationKeys);
    }

    private void Issue(CertificateAuthority authority, CertificateRole role, string name, TimeSpan validity)
    {
        foreach (var file in new[] { File($"{name}.key"), File($"{name}.pem") }.Where(System.IO.File.Exists))
        {
            throw new InvalidSettingException(file, "exists already; a certificate or key is never overwritten (remove it first to replace it).");
        }

        var issued = authority.Issue(role, name, validity);
        Write(File($"{name}.key"), issued.KeyPem, secret: true);
        Write(File($"{name}.pem"), issued.CertificatePem, secret: false);
    }

    private string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A new file (never one that exists); a key is readable by its owner only from its first byte.</summary>
    private static void Write(string file, string text, bool secret)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (secret && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using var writer = new StreamWriter(file, options);
        writer.Write(text);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex ValidName();
}
