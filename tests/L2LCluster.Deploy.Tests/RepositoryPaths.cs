namespace L2LCluster.Deploy.Tests;

/// <summary>Where the files under test live in this checkout.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Kubernetes => Path.Combine(Root, "deploy", "k8s");

    public static string Overlay(string name) => Path.Combine(Kubernetes, "overlays", name);

    public static string TrainJob => Path.Combine(Kubernetes, "train");

    public static string SiloSettings => Path.Combine(Root, "Silos", "appsettings.json");

    public static string Docker => Path.Combine(Root, "deploy", "docker");

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "L2LCluster.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no L2LCluster.sln above {AppContext.BaseDirectory}");
    }
}
