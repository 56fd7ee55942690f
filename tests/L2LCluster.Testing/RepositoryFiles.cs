namespace L2LCluster.Testing;

/// <summary>Files of this checkout (docs/results, deploy/, Silos/), found from the test's build folder.</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "L2LCluster.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No L2LCluster.sln above {AppContext.BaseDirectory}.");
    }
}
