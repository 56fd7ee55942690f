using L2LCluster.Runs;
using Microsoft.Extensions.Configuration;

namespace L2LCluster.Hosting.Security;

/// <summary>
/// Where a host's TLS identity is kept: its certificate and private key, and the cluster authority's certificate that
/// every peer must be issued by (PEM files). <see cref="Names"/> are the settings they came from, for error messages.
/// </summary>
public sealed record TlsFiles(string Certificate, string Key, string Authority, TlsSettingNames Names)
{
    public const string Section = "Tls";

    /// <summary>The configuration keys of a silo: Tls:Certificate, Tls:Key, Tls:Authority.</summary>
    public static TlsSettingNames ConfigurationKeys { get; } = new($"{Section}:Certificate", $"{Section}:Key", $"{Section}:Authority");

    /// <summary>
    /// The files a silo's configuration names, or null when it names none; naming some but not all is refused, naming
    /// the one that is missing.
    /// </summary>
    public static TlsFiles? FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var names = ConfigurationKeys;
        return From(configuration[names.Certificate], configuration[names.Key], configuration[names.Authority], names);
    }

    /// <summary>The three files, or null when none is given; some without the others is refused naming the first missing.</summary>
    public static TlsFiles? From(string? certificate, string? key, string? authority, TlsSettingNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        (string Name, string? Path)[] given = [(names.Certificate, certificate), (names.Key, key), (names.Authority, authority)];
        if (given.All(setting => string.IsNullOrWhiteSpace(setting.Path)))
        {
            return null;
        }

        var missing = given.FirstOrDefault(setting => string.IsNullOrWhiteSpace(setting.Path));
        InvalidSettingException.ThrowUnless(
            missing.Name is null,
            missing.Name ?? string.Empty,
            $"is needed with {string.Join(" and ", given.Where(setting => !string.IsNullOrWhiteSpace(setting.Path)).Select(setting => setting.Name))} (a PEM file).");
        return new TlsFiles(certificate!, key!, authority!, names);
    }
}
