namespace L2LCluster.Deploy.Tests;

/// <summary>Where the deployment files under test live in this checkout.</summary>
internal static class RepositoryPaths
{
    public static string Root => RepositoryFiles.Root;

    public static string Kubernetes => RepositoryFiles.Path("deploy", "k8s");

    public static string Overlay(string name) => Path.Combine(Kubernetes, "overlays", name);

    public static string TrainJob => Path.Combine(Kubernetes, "train");

    public static string SiloSettings => RepositoryFiles.Path("Silos", "appsettings.json");

    public static string Docker => RepositoryFiles.Path("deploy", "docker");
}
