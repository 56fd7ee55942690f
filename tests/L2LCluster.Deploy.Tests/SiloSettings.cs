using System.Text.Json.Nodes;
using k8s.Models;
using L2LCluster.Hosting;
using L2LCluster.Silo;
using L2LCluster.Silo.Health;
using Microsoft.Extensions.Hosting;

namespace L2LCluster.Deploy.Tests;

/// <summary>
/// The silo's settings as a container runs it: Silos/appsettings.json, overridden by the container's L2L_ variables
/// (the silo's own configuration sources, in its order).
/// </summary>
internal sealed record SiloSettings(int SiloPort, int GatewayPort, int HealthPort, TimeSpan ShutdownTimeout)
{
    public static SiloSettings Of(V1Container container)
    {
        var file = JsonNode.Parse(File.ReadAllText(RepositoryPaths.SiloSettings))!;
        string Read(string section, string key) =>
            container.Env?.FirstOrDefault(variable => variable.Name == EnvironmentName(section, key))?.Value
            ?? file[section]?[key]?.ToString()
            ?? throw new InvalidOperationException($"{RepositoryPaths.SiloSettings} has no {section}:{key}");
        return new SiloSettings(
            int.Parse(Read(ClusteringOptions.Section, nameof(ClusteringOptions.SiloPort))),
            int.Parse(Read(ClusteringOptions.Section, nameof(ClusteringOptions.GatewayPort))),
            int.Parse(Read(HealthOptions.Section, nameof(HealthOptions.Port))),
            TimeSpan.Parse(Read(nameof(HostOptions), nameof(HostOptions.ShutdownTimeout))));
    }

    /// <summary>The environment variable that sets configuration key section:key of the silo.</summary>
    public static string EnvironmentName(string section, string key) => SiloFlags.VariableForKey($"{section}:{key}");
}
