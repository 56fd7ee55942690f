using L2LCluster.Deploy.Tests.Kustomize;
using YamlDotNet.RepresentationModel;

namespace L2LCluster.Deploy.Tests;

/// <summary>The renderer the manifest tests stand on: kustomize's results for the fields it renders, a refusal for the rest.</summary>
public sealed class KustomizeRendererTests
{
    private const string Base = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
        spec:
          replicas: 1
          template:
            spec:
              tolerations:
                - key: a
                  operator: Exists
              containers:
                - name: main
                  image: example/app
                  env:
                    - name: FIRST
                      value: "1"
                    - name: SECOND
                      value: "2"
        """;

    private const string Patch = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: app
        spec:
          template:
            spec:
              tolerations:
                - key: b
                  operator: Exists
              containers:
                - name: main
                  env:
                    - name: SECOND
                      value: changed
                    - name: ADDED
                      value: "3"
        """;

    [Fact]
    public void A_patch_merges_named_items_adding_new_ones_first_and_replaces_other_lists()
    {
        using var folder = Overlay("patches:\n  - path: patch.yaml\n");

        var deployment = KustomizeRenderer.Render(Path.Combine(folder.Path, "overlay")).Single();
        var spec = deployment.Mapping("spec").Mapping("template").Mapping("spec");
        var container = (YamlMappingNode)spec.Items("containers").Single();

        Assert.Equal(["ADDED=3", "FIRST=1", "SECOND=changed"], container.Items("env").Cast<YamlMappingNode>().Select(variable => $"{variable.Text("name")}={variable.Text("value")}"));
        Assert.Equal(["b"], spec.Items("tolerations").Cast<YamlMappingNode>().Select(toleration => toleration.Text("key")));
        Assert.Equal("example/app", container.Text("image"));
    }

    [Fact]
    public void Namespace_images_and_replicas_are_set_on_the_base_resources()
    {
        using var folder = Overlay("namespace: space\nimages:\n  - name: example/app\n    newName: registry:5000/app\n    newTag: \"2.1\"\nreplicas:\n  - name: app\n    count: 3\n");

        var deployment = KustomizeRenderer.Render(Path.Combine(folder.Path, "overlay")).Single();

        Assert.Equal("space", deployment.Mapping("metadata").Text("namespace"));
        Assert.Equal("3", deployment.Mapping("spec").Text("replicas"));
        var container = (YamlMappingNode)deployment.Mapping("spec").Mapping("template").Mapping("spec").Items("containers").Single();
        Assert.Equal("registry:5000/app:2.1", container.Text("image"));
    }

    [Fact]
    public void A_field_the_renderer_does_not_implement_is_refused()
    {
        using var folder = Overlay("commonLabels:\n  team: ml\n");

        var error = Assert.Throws<NotSupportedException>(() => KustomizeRenderer.Render(Path.Combine(folder.Path, "overlay")));

        Assert.Contains("commonLabels", error.Message);
    }

    [Fact]
    public void A_patch_for_a_resource_that_does_not_exist_is_refused()
    {
        using var folder = Overlay("patches:\n  - path: patch.yaml\n");
        File.WriteAllText(Path.Combine(folder.Path, "overlay", "patch.yaml"), Patch.Replace("name: app", "name: other"));

        var error = Assert.Throws<InvalidOperationException>(() => KustomizeRenderer.Render(Path.Combine(folder.Path, "overlay")));

        Assert.Contains("Deployment other", error.Message);
    }

    [Theory]
    [InlineData("redis:7.4.2-alpine", "redis", "7.4.2-alpine")]
    [InlineData("registry:5000/team/app", "registry:5000/team/app", null)]
    [InlineData("registry:5000/team/app:1.0", "registry:5000/team/app", "1.0")]
    public void An_image_reference_splits_into_name_and_tag_past_a_registry_port(string image, string name, string? tag) =>
        Assert.Equal((name, tag), KustomizeRenderer.SplitImage(image));

    /// <summary>A base folder with one Deployment and an overlay folder with the given kustomization fields and the patch file.</summary>
    private static TempFolder Overlay(string fields)
    {
        var folder = new TempFolder();
        Directory.CreateDirectory(folder.File("base"));
        Directory.CreateDirectory(folder.File("overlay"));
        File.WriteAllText(Path.Combine(folder.Path, "base", "app.yaml"), Base);
        File.WriteAllText(Path.Combine(folder.Path, "base", KustomizeRenderer.FileName), "resources:\n  - app.yaml\n");
        File.WriteAllText(Path.Combine(folder.Path, "overlay", "patch.yaml"), Patch);
        File.WriteAllText(Path.Combine(folder.Path, "overlay", KustomizeRenderer.FileName), "resources:\n  - ../base\n" + fields);
        return folder;
    }
}
