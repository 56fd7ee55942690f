using YamlDotNet.RepresentationModel;

namespace L2LCluster.Deploy.Tests.Kustomize;

/// <summary>
/// Renders a kustomization as `kubectl kustomize` does, for the fields these manifests use: resources (files and
/// kustomization folders), config map and secret generators from files (names without hash suffix), strategic merge
/// patches from files, namespace, images and replicas. Any other field is refused, so that a manifest never relies on
/// something the tests do not render. A secret's file is the operator's and may be missing: its key is kept, empty.
/// </summary>
internal static class KustomizeRenderer
{
    public const string FileName = "kustomization.yaml";

    private static readonly HashSet<string> RenderedFields =
        ["apiVersion", "kind", "namespace", "resources", "configMapGenerator", "secretGenerator", "generatorOptions", "patches", "images", "replicas"];

    private static readonly HashSet<string> ClusterScopedKinds =
        ["Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass", "CustomResourceDefinition"];

    public static IReadOnlyList<YamlMappingNode> Render(string folder)
    {
        var file = Path.Combine(folder, FileName);
        var kustomization = YamlDocuments.Load(file).Single();
        var unknown = kustomization.Children.Keys.Select(key => ((YamlScalarNode)key).Value!).Where(key => !RenderedFields.Contains(key)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"{file}: {string.Join(", ", unknown)} not rendered by these tests; extend {nameof(KustomizeRenderer)} first.");
        }

        var resources = new List<YamlMappingNode>();
        foreach (var path in kustomization.Items("resources").Select(entry => Path.GetFullPath(Path.Combine(folder, Scalar(entry)))))
        {
            resources.AddRange(Directory.Exists(path) ? Render(path) : YamlDocuments.Load(path));
        }

        resources.AddRange(Generate(kustomization, folder, file));
        foreach (var patch in kustomization.Items("patches").Cast<YamlMappingNode>())
        {
            Patch(resources, patch, folder, file);
        }

        if (kustomization.Text("namespace") is { } space)
        {
            SetNamespace(resources, space);
        }

        foreach (var image in kustomization.Items("images").Cast<YamlMappingNode>())
        {
            SetImage(resources, image);
        }

        foreach (var replicas in kustomization.Items("replicas").Cast<YamlMappingNode>())
        {
            SetReplicas(resources, replicas, file);
        }

        return resources;
    }

    private static IEnumerable<YamlMappingNode> Generate(YamlMappingNode kustomization, string folder, string file)
    {
        var generators = kustomization.Items("configMapGenerator").Select(entry => (Kind: "ConfigMap", Entry: (YamlMappingNode)entry))
            .Concat(kustomization.Items("secretGenerator").Select(entry => (Kind: "Secret", Entry: (YamlMappingNode)entry)))
            .ToList();
        var fixedNames = (kustomization.Child("generatorOptions") as YamlMappingNode)?.Text("disableNameSuffixHash") == "true";
        if (generators.Count > 0 && !fixedNames)
        {
            throw new NotSupportedException($"{file}: generated names with hash suffixes are not rendered; set generatorOptions.disableNameSuffixHash.");
        }

        foreach (var (kind, entry) in generators)
        {
            var unknown = entry.Children.Keys.Select(key => ((YamlScalarNode)key).Value).Where(key => key is not ("name" or "files")).ToList();
            if (unknown.Count > 0)
            {
                throw new NotSupportedException($"{file}: {kind} generator field(s) {string.Join(", ", unknown)} not rendered (only name and files).");
            }

            var data = new YamlMappingNode();
            foreach (var source in entry.Items("files").Select(Scalar))
            {
                var parts = source.Split('=', 2);
                var (key, path) = parts.Length == 2 ? (parts[0], parts[1]) : (Path.GetFileName(source), source);
                var fullPath = Path.Combine(folder, path);
                data.Add(key, kind == "Secret"
                    ? File.Exists(fullPath) ? Convert.ToBase64String(File.ReadAllBytes(fullPath)) : ""
                    : File.ReadAllText(fullPath));
            }

            var generated = new YamlMappingNode { { "apiVersion", "v1" }, { "kind", kind }, { "metadata", new YamlMappingNode { { "name", entry.Text("name")! } } } };
            if (kind == "Secret")
            {
                generated.Add("type", "Opaque");
            }

            generated.Add("data", data);
            yield return generated;
        }
    }

    private static void Patch(List<YamlMappingNode> resources, YamlMappingNode entry, string folder, string file)
    {
        if (entry.Children.Count != 1 || entry.Text("path") is not { } path)
        {
            throw new NotSupportedException($"{file}: only patches given by 'path' alone are rendered.");
        }

        foreach (var patch in YamlDocuments.Load(Path.Combine(folder, path)))
        {
            var kind = patch.Text("kind");
            var name = patch.Mapping("metadata").Text("name");
            var targets = resources.Where(resource => resource.Text("kind") == kind && resource.Mapping("metadata").Text("name") == name).ToList();
            if (targets.Count != 1)
            {
                throw new InvalidOperationException($"{file}: patch {path} targets {kind} {name}, which {(targets.Count == 0 ? "no resource is" : "several resources are")}.");
            }

            StrategicMerge.Apply(targets[0], patch);
        }
    }

    private static void SetNamespace(List<YamlMappingNode> resources, string space)
    {
        foreach (var resource in resources)
        {
            var kind = resource.Text("kind")!;
            if (kind == "Namespace")
            {
                resource.Mapping("metadata").Set("name", space);
            }
            else if (!ClusterScopedKinds.Contains(kind))
            {
                resource.Mapping("metadata").Set("namespace", space);
            }
        }
    }

    private static void SetImage(List<YamlMappingNode> resources, YamlMappingNode image)
    {
        var name = image.Text("name");
        var containers = resources.SelectMany(resource => resource.Mappings())
            .SelectMany(mapping => mapping.Items("containers").Concat(mapping.Items("initContainers")))
            .Cast<YamlMappingNode>();
        foreach (var container in containers)
        {
            var (currentName, currentTag) = SplitImage(container.Text("image")!);
            if (currentName == name)
            {
                var tag = image.Text("newTag") ?? currentTag;
                container.Set("image", (image.Text("newName") ?? currentName) + (tag is null ? "" : ":" + tag));
            }
        }
    }

    private static void SetReplicas(List<YamlMappingNode> resources, YamlMappingNode replicas, string file)
    {
        var name = replicas.Text("name");
        var targets = resources.Where(resource => resource.Text("kind") is "Deployment" or "StatefulSet" && resource.Mapping("metadata").Text("name") == name).ToList();
        if (targets.Count == 0)
        {
            throw new InvalidOperationException($"{file}: replicas for {name}, which no Deployment or StatefulSet is.");
        }

        targets.ForEach(target => target.Mapping("spec").Set("replicas", replicas.Text("count")!));
    }

    /// <summary>An image reference's name and tag (a registry's port is part of the name, not a tag).</summary>
    public static (string Name, string? Tag) SplitImage(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, null);
    }

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;
}
