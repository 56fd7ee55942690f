using System.Text.RegularExpressions;
using k8s.Models;
using L2LCluster.Hosting;
using L2LCluster.Silo;
using L2LCluster.Silo.Health;
using YamlDotNet.RepresentationModel;

namespace L2LCluster.Deploy.Tests;

/// <summary>
/// The invariants of deploy/k8s, checked on every overlay as kustomize renders it and loaded as typed objects: what
/// the silo needs from its pod, what the probes and Services reach, what the selectors select, what no manifest may say.
/// </summary>
public sealed partial class ManifestTests
{
    private const string GpuResource = "nvidia.com/gpu";

    public static TheoryData<string> Overlays => new(["gpu", "cpu", "dev"]);

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_overlay_renders_the_whole_cluster(string overlay)
    {
        var manifests = Render(overlay);

        Assert.Single(manifests.All<V1Namespace>());
        Assert.NotNull(manifests.Silo);
        Assert.NotNull(manifests.Named<V1StatefulSet>("l2l-redis"));
        Assert.NotNull(manifests.Named<V1Deployment>("otel-collector"));
        Assert.NotNull(manifests.Named<V1Deployment>("jaeger"));
        Assert.NotNull(manifests.Named<V1PodDisruptionBudget>(RenderedManifests.SiloName));
        Assert.NotNull(manifests.Named<V1Secret>("l2l-redis"));
        var space = manifests.All<V1Namespace>().Single().Metadata.Name;
        Assert.All(manifests.Objects.OfType<k8s.IKubernetesObject<V1ObjectMeta>>().Where(item => item is not V1Namespace),
            item => Assert.True(item.Metadata.NamespaceProperty == space, $"{RenderedManifests.Name(item)} is in '{item.Metadata.NamespaceProperty}', not {space}"));
    }

    [Fact]
    public void Gpu_silos_take_one_gpu_each_on_gpu_nodes_only()
    {
        var manifests = Render("gpu");
        var pod = manifests.Silo.Spec.Template.Spec;
        var resources = manifests.SiloContainer.Resources;

        Assert.Equal(new ResourceQuantity("1"), resources.Limits[GpuResource]);
        Assert.Equal(new ResourceQuantity("1"), resources.Requests[GpuResource]);
        Assert.Equal("true", pod.NodeSelector["nvidia.com/gpu.present"]);
        Assert.Contains(pod.Tolerations, toleration => toleration.Key == GpuResource && toleration.Effect == "NoSchedule");
        Assert.Equal("cuda", Variable(manifests.SiloContainer, "L2L_DEVICE").Value);
        Assert.EndsWith("silo-gpu", RenderedManifests.SplitImage(manifests.SiloContainer.Image).Name);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("dev")]
    public void Cpu_silos_ask_for_no_gpu(string overlay)
    {
        var manifests = Render(overlay);
        var resources = manifests.SiloContainer.Resources;

        Assert.False(resources.Limits?.ContainsKey(GpuResource) ?? false);
        Assert.False(resources.Requests?.ContainsKey(GpuResource) ?? false);
        Assert.Equal("cpu", Variable(manifests.SiloContainer, "L2L_DEVICE").Value);
        Assert.EndsWith("silo-cpu", RenderedManifests.SplitImage(manifests.SiloContainer.Image).Name);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silo_pods_set_every_variable_the_silo_reads(string overlay)
    {
        var manifests = Render(overlay);
        var template = manifests.Silo.Spec.Template;
        var container = manifests.SiloContainer;

        Assert.Equal("metadata.name", Variable(container, PodEnvironment.PodName).ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", Variable(container, PodEnvironment.PodIp).ValueFrom.FieldRef.FieldPath);
        foreach (var name in new[] { PodEnvironment.ServiceId, PodEnvironment.ClusterId })
        {
            // The ids come from the pod's own labels, which must therefore exist.
            var path = Variable(container, name).ValueFrom.FieldRef.FieldPath;
            var label = LabelFieldPath().Match(path);
            Assert.True(label.Success, $"{name} reads {path}, not a pod label");
            Assert.False(string.IsNullOrEmpty(template.Metadata.Labels[label.Groups[1].Value]), $"{name} reads label {label.Groups[1].Value}, which is empty");
        }

        Assert.All(PodEnvironment.Required, name => Variable(container, name));
        Assert.Equal("kubernetes", Variable(container, SiloSettings.EnvironmentName(ClusteringOptions.Section, nameof(ClusteringOptions.Kind))).Value);
        Assert.NotEmpty(Variable(container, SiloSettings.EnvironmentName(ClusteringOptions.Section, nameof(ClusteringOptions.Redis))).Value);
        if (Variable(container, SiloFlags.VariableForKey(SiloConfiguration.StorageKindKey)).Value == "redis")
        {
            Assert.NotEmpty(Variable(container, SiloFlags.VariableForKey("Storage:Redis")).Value);
        }

        AssertVariablesResolve(manifests, container);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_variable_resolves(string overlay)
    {
        var manifests = Render(overlay);

        foreach (var (_, template) in manifests.PodTemplates)
        {
            Assert.All(template.Spec.Containers, container => AssertVariablesResolve(manifests, container));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silo_ports_are_those_the_silo_listens_on(string overlay)
    {
        var manifests = Render(overlay);
        var settings = SiloSettings.Of(manifests.SiloContainer);

        Assert.Equal(settings.SiloPort, Port(manifests.SiloContainer, "silo").ContainerPort);
        Assert.Equal(settings.GatewayPort, Port(manifests.SiloContainer, "gateway").ContainerPort);
        Assert.Equal(settings.HealthPort, Port(manifests.SiloContainer, "health").ContainerPort);
        var gateway = manifests.Named<V1Service>("l2l-gateway");
        Assert.Equal("None", gateway.Spec.ClusterIP);
        Assert.Equal(settings.GatewayPort, gateway.Spec.Ports.Single().Port);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Services_target_named_ports_of_the_pods_they_select(string overlay)
    {
        var manifests = Render(overlay);

        foreach (var service in manifests.All<V1Service>())
        {
            var pods = Selected(manifests, service.Spec.Selector).ToList();
            Assert.True(pods.Count > 0, $"{RenderedManifests.Name(service)} selects no pod");
            foreach (var port in service.Spec.Ports)
            {
                Assert.All(pods, pod => Assert.Contains(pod.Spec.Containers.SelectMany(container => container.Ports ?? []), declared => declared.Name == port.TargetPort.Value));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silo_probes_call_the_health_endpoints_the_silo_serves(string overlay)
    {
        var container = Render(overlay).SiloContainer;

        AssertProbe(container.StartupProbe, HealthEndpoints.StartupPath);
        AssertProbe(container.ReadinessProbe, HealthEndpoints.ReadyPath);
        AssertProbe(container.LivenessProbe, HealthEndpoints.LivePath);
        Assert.True(container.StartupProbe.PeriodSeconds * container.StartupProbe.FailureThreshold >= 120, "the startup probe must allow minutes for joining and CUDA initialization");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Workload_selectors_match_their_pods_and_every_selector_selects_a_pod(string overlay)
    {
        var manifests = Render(overlay);

        Assert.All(manifests.All<V1Deployment>(), workload => AssertSelects(workload.Spec.Selector.MatchLabels, workload.Spec.Template.Metadata.Labels, RenderedManifests.Name(workload)));
        Assert.All(manifests.All<V1StatefulSet>(), workload => AssertSelects(workload.Spec.Selector.MatchLabels, workload.Spec.Template.Metadata.Labels, RenderedManifests.Name(workload)));
        var budget = manifests.Named<V1PodDisruptionBudget>(RenderedManifests.SiloName);
        AssertSelects(budget.Spec.Selector.MatchLabels, manifests.Silo.Spec.Template.Metadata.Labels, RenderedManifests.Name(budget));
        Assert.Single(Selected(manifests, budget.Spec.Selector.MatchLabels));
        // The consoles' policy selects the training Job's pods, which deploy/k8s/train makes.
        var consoles = RenderedManifests.Of(RepositoryPaths.TrainJob).PodTemplates.Select(item => item.Template).ToList();
        foreach (var policy in manifests.All<V1NetworkPolicy>().Where(policy => policy.Spec.PodSelector.MatchLabels is { Count: > 0 }))
        {
            Assert.True(
                Selected(manifests, policy.Spec.PodSelector.MatchLabels).Concat(consoles.Where(template => Matches(policy.Spec.PodSelector.MatchLabels, template.Metadata.Labels))).Any(),
                $"{RenderedManifests.Name(policy)} selects no pod");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silos_get_longer_to_stop_than_their_shutdown_timeout(string overlay)
    {
        var manifests = Render(overlay);
        var timeout = SiloSettings.Of(manifests.SiloContainer).ShutdownTimeout;

        Assert.True(manifests.Silo.Spec.Template.Spec.TerminationGracePeriodSeconds > timeout.TotalSeconds,
            $"terminationGracePeriodSeconds {manifests.Silo.Spec.Template.Spec.TerminationGracePeriodSeconds} must exceed the silo's ShutdownTimeout {timeout}");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void A_disruption_budget_keeps_all_but_one_silo(string overlay)
    {
        var manifests = Render(overlay);
        var budget = manifests.Named<V1PodDisruptionBudget>(RenderedManifests.SiloName).Spec;

        Assert.Equal("1", budget.MaxUnavailable?.Value);
        Assert.True(manifests.Silo.Spec.Replicas >= 2, "with one silo, any disruption stops every run");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_container_runs_a_pinned_image_as_a_non_root_user(string overlay)
    {
        var manifests = Render(overlay);
        var templates = manifests.PodTemplates.Concat(RenderedManifests.Of(RepositoryPaths.TrainJob).PodTemplates);

        foreach (var (workload, template) in templates)
        {
            Assert.True(template.Spec.SecurityContext?.RunAsNonRoot == true, $"{workload} may run as root");
            foreach (var container in template.Spec.Containers)
            {
                var tag = RenderedManifests.SplitImage(container.Image).Tag;
                Assert.True(tag is not (null or "latest"), $"{workload}: image {container.Image} is not pinned to a version");
                Assert.False(container.SecurityContext?.AllowPrivilegeEscalation ?? true, $"{workload}: {container.Name} may escalate privileges");
            }
        }
    }

    private static RenderedManifests Render(string overlay) => RenderedManifests.Of(RepositoryPaths.Overlay(overlay));

    private static V1EnvVar Variable(V1Container container, string name)
    {
        var variable = container.Env?.SingleOrDefault(variable => variable.Name == name);
        Assert.True(variable is not null, $"container {container.Name} does not set {name}");
        return variable;
    }

    private static V1ContainerPort Port(V1Container container, string name)
    {
        var port = container.Ports?.SingleOrDefault(port => port.Name == name);
        Assert.True(port is not null, $"container {container.Name} has no port named {name}");
        return port;
    }

    /// <summary>$(NAME) references name a variable set earlier in the list (Kubernetes expands only those); secret references name a generated key.</summary>
    private static void AssertVariablesResolve(RenderedManifests manifests, V1Container container)
    {
        var earlier = new HashSet<string>();
        foreach (var variable in container.Env ?? [])
        {
            foreach (Match reference in VariableReference().Matches(variable.Value ?? ""))
            {
                Assert.True(earlier.Contains(reference.Groups[1].Value), $"{container.Name}: {variable.Name} uses $({reference.Groups[1].Value}), which is not set before it");
            }

            if (variable.ValueFrom?.SecretKeyRef is { } secretKey)
            {
                var secret = manifests.Named<V1Secret>(secretKey.Name);
                Assert.True(secret.Data?.ContainsKey(secretKey.Key) ?? false, $"{container.Name}: {variable.Name} reads key {secretKey.Key}, which Secret {secretKey.Name} lacks");
            }

            earlier.Add(variable.Name);
        }

        foreach (var argument in container.Args ?? [])
        {
            Assert.All(VariableReference().Matches(argument), reference => Assert.Contains(reference.Groups[1].Value, earlier));
        }
    }

    private static void AssertProbe(V1Probe? probe, string path)
    {
        Assert.NotNull(probe);
        Assert.Equal(path, probe.HttpGet.Path);
        Assert.Equal("health", probe.HttpGet.Port.Value);
    }

    private static void AssertSelects(IDictionary<string, string> selector, IDictionary<string, string> labels, string what) =>
        Assert.True(Matches(selector, labels), $"{what}: selector {string.Join(",", selector)} does not match its pods' labels {string.Join(",", labels)}");

    private static bool Matches(IDictionary<string, string> selector, IDictionary<string, string>? labels) =>
        selector.All(pair => labels is not null && labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static IEnumerable<V1PodTemplateSpec> Selected(RenderedManifests manifests, IDictionary<string, string> selector) =>
        manifests.PodTemplates.Select(item => item.Template).Where(template => Matches(selector, template.Metadata.Labels));

    [GeneratedRegex(@"^metadata\.labels\['([^']+)'\]$")]
    private static partial Regex LabelFieldPath();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex VariableReference();
}
