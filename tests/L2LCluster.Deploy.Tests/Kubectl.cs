using L2LCluster.Hosting.Security;

namespace L2LCluster.Deploy.Tests;

/// <summary>
/// The real kustomize: <c>kubectl kustomize</c> (kubectl 1.32, kustomize 5.5), run on a copy of deploy/k8s that holds
/// the files an operator writes (the checkout never does): the Redis password and the cluster's certificates, made by
/// the silo's own <see cref="CertificateFolder"/>, so every overlay renders as it would deploy.
/// </summary>
internal static class Kubectl
{
    public const string Path = "/usr/bin/kubectl";

    private static readonly Lazy<string> Copy = new(CopyWithPassword);

    /// <summary>Where the rendered copy of deploy/k8s is, for a test that adds a kustomization of its own.</summary>
    public static string CopyFolder => Copy.Value;

    /// <summary>The manifests <paramref name="folder"/> (a kustomization under deploy/k8s or its copy) renders to, as YAML.</summary>
    public static string Kustomize(string folder)
    {
        Assert.True(File.Exists(Path), $"{Path} is missing: the deploy tests render with kubectl 1.32 (kustomize 5.5); install kubectl.");
        var relative = System.IO.Path.GetRelativePath(folder.StartsWith(Copy.Value, StringComparison.Ordinal) ? Copy.Value : RepositoryPaths.Kubernetes, folder);
        using var kubectl = new ChildProcess(Path, ["kustomize", System.IO.Path.Combine(Copy.Value, relative)]);
        var result = kubectl.WaitAsync(TimeSpan.FromMinutes(1)).GetAwaiter().GetResult();
        Assert.True(result.ExitCode == 0, $"kubectl kustomize {relative} failed: {result}");
        return result.Output;
    }

    private static string CopyWithPassword()
    {
        var copy = System.IO.Path.Combine(AppContext.BaseDirectory, "k8s-rendered");
        if (Directory.Exists(copy))
        {
            Directory.Delete(copy, recursive: true);
        }

        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.Kubernetes, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(copy, System.IO.Path.GetRelativePath(RepositoryPaths.Kubernetes, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllText(System.IO.Path.Combine(copy, "base", "secrets", "redis-password"), "a-test-password\n");
        new CertificateFolder(System.IO.Path.Combine(copy, "components", "tls-files", "secrets")).CreateAuthority(TimeSpan.FromDays(2), TimeSpan.FromDays(1));
        return copy;
    }
}
