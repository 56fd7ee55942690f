using System.Security.Cryptography.X509Certificates;

namespace L2LCluster.Hosting.Security;

/// <summary>How a role is written into a certificate's subject (OU=silo, OU=client) and read back.</summary>
public static class CertificateRoles
{
    private const string OrganizationalUnitOid = "2.5.4.11";

    /// <summary>The subject's OU value that names <paramref name="role"/>.</summary>
    public static string UnitOf(CertificateRole role) => role switch
    {
        CertificateRole.Silo => "silo",
        CertificateRole.Client => "client",
        CertificateRole.Store => "store",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown certificate role."),
    };

    /// <summary>The role <paramref name="certificate"/> names; null when its subject names none, or more than one.</summary>
    public static CertificateRole? Of(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var units = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(name => !name.HasMultipleElements && name.GetSingleElementType().Value == OrganizationalUnitOid)
            .Select(name => name.GetSingleElementValue())
            .ToList();
        var roles = Enum.GetValues<CertificateRole>().Where(role => units.Contains(UnitOf(role), StringComparer.Ordinal)).ToList();
        return roles.Count == 1 ? roles[0] : null;
    }
}
