using k8s;
using k8s.Models;

namespace L2LCluster.Deploy.Tests;

/// <summary>A kustomization rendered and loaded as typed Kubernetes objects (strictly: an unknown field fails).</summary>
internal sealed class RenderedManifests
{
    public const string SiloName = "l2l-silo";

    public const string SiloContainerName = "silo";

    private RenderedManifests(string folder, IReadOnlyList<object> objects)
    {
        Folder = folder;
        Objects = objects;
    }

    public string Folder { get; }

    public IReadOnlyList<object> Objects { get; }

    public V1Deployment Silo => Named<V1Deployment>(SiloName);

    public V1Container SiloContainer => Silo.Spec.Template.Spec.Containers.Single(container => container.Name == SiloContainerName);

    /// <summary>Every pod template, named by its workload.</summary>
    public IEnumerable<(string Workload, V1PodTemplateSpec Template)> PodTemplates =>
        All<V1Deployment>().Select(workload => (Name(workload), workload.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(workload => (Name(workload), workload.Spec.Template)))
            .Concat(All<V1Job>().Select(workload => (Name(workload), workload.Spec.Template)));

    public static RenderedManifests Of(string folder) =>
        new(folder, KubernetesYaml.LoadAllFromString(Kubectl.Kustomize(folder), strict: true));

    /// <summary>An image reference's name and tag (null when it has none; a registry's port is no tag).</summary>
    public static (string Name, string? Tag) SplitImage(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, null);
    }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Named<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var matches = All<T>().Where(item => item.Metadata.Name == name).ToList();
        Assert.True(matches.Count == 1, $"{Folder}: {matches.Count} {typeof(T).Name} named {name}, expected one");
        return matches[0];
    }

    public static string Name(IKubernetesObject<V1ObjectMeta> item) => $"{item.Kind}/{item.Metadata.Name}";
}
