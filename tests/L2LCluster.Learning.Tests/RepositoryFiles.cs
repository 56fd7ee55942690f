namespace L2LCluster.Learning.Tests;

/// <summary>Files committed to the repository (docs/results), found from the test's build folder.</summary>
internal static class RepositoryFiles
{
    public static string Path(params string[] parts)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(System.IO.Path.Combine(folder.FullName, "L2LCluster.sln")))
        {
            folder = folder.Parent;
        }

        return System.IO.Path.Combine([folder?.FullName ?? throw new DirectoryNotFoundException($"No L2LCluster.sln above {AppContext.BaseDirectory}."), .. parts]);
    }
}
