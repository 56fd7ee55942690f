using System.Globalization;
using L2LCluster.Hosting.Security;
using L2LCluster.Runs;

namespace L2LCluster.Silo;

/// <summary>
/// <c>l2l-silo certificates DIR</c> makes a cluster's authority with a silo, a client and a store (Redis)
/// certificate, once; <c>l2l-silo certificates DIR --issue silo|client|store --name NAME [--days N]</c> issues another
/// from it (a colleague's client, a renewal before the old one expires).
/// </summary>
internal static class CertificatesCommand
{
    public const string Name = "certificates";

    private static readonly TimeSpan AuthorityValidity = TimeSpan.FromDays(5 * 365);

    private const int DefaultDays = 365;

    public static int Run(IReadOnlyList<string> args)
    {
        InvalidSettingException.ThrowUnless(args.Count >= 1 && !args[0].StartsWith('-'), Name, "needs a folder: l2l-silo certificates DIR [--issue silo|client|store --name NAME] [--days N].");
        var folder = new CertificateFolder(args[0]);
        string? role = null, name = null;
        var days = DefaultDays;
        for (var index = 1; index < args.Count; index += 2)
        {
            var flag = args[index];
            InvalidSettingException.ThrowUnless(index + 1 < args.Count, flag, "needs a value.");
            var value = args[index + 1];
            switch (flag)
            {
                case "--issue":
                    role = value;
                    break;
                case "--name":
                    name = value;
                    break;
                case "--days":
                    InvalidSettingException.ThrowUnless(
                        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days is >= 1 and <= 3650, flag, $"must be between 1 and 3650; got '{value}'.");
                    break;
                default:
                    throw new InvalidSettingException(flag, "unknown flag; certificates takes --issue, --name and --days.");
            }
        }

        if (role is null)
        {
            InvalidSettingException.ThrowUnless(name is null, "--name", "goes with --issue.");
            var created = folder.CreateAuthority(AuthorityValidity, TimeSpan.FromDays(days));
            Console.WriteLine(created
                ? $"Made an authority and its {CertificateFolder.SiloName}, {CertificateFolder.ClientName} and {CertificateFolder.StoreName} certificates in {folder.Path}."
                : $"{folder.Path} holds an authority already; nothing was changed.");
            return 0;
        }

        var issued = folder.Issue(Role(role), name ?? throw new InvalidSettingException("--name", "is needed with --issue."), TimeSpan.FromDays(days), "--name");
        Console.WriteLine($"Issued {issued.Certificate} with its key {issued.Key}, valid for {days} days.");
        return 0;
    }

    private static CertificateRole Role(string value) => value switch
    {
        "silo" => CertificateRole.Silo,
        "client" => CertificateRole.Client,
        "store" => CertificateRole.Store,
        _ => throw new InvalidSettingException("--issue", $"must be silo, client or store; got '{value}'."),
    };
}
