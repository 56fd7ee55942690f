namespace L2LCluster.Hosting.Security;

/// <summary>The names, as their user gave them (configuration keys or flags), of the three TLS files.</summary>
public sealed record TlsSettingNames(string Certificate, string Key, string Authority);
