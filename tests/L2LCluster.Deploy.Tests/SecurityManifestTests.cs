using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;
using L2LCluster.Hosting;
using L2LCluster.Hosting.Security;
using L2LCluster.Silo;
using YamlDotNet.RepresentationModel;

namespace L2LCluster.Deploy.Tests;

/// <summary>
/// What deploy/k8s does so that only the cluster's owners reach it, checked on every overlay as kustomize renders it:
/// every pod presents a certificate of the cluster's authority for its role, Redis takes TLS and one ACL user only,
/// and every pod may open connections only to the pods and ports it uses.
/// </summary>
public sealed partial class SecurityManifestTests
{
    private const string Component = "app.kubernetes.io/component";

    private const string ClientLabel = "l2lcluster/client";

    private const string Dns = "dns";

    public static TheoryData<string> Overlays => new(["gpu", "cpu", "dev"]);

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_pod_reaches_only_the_pods_and_ports_it_uses(string overlay)
    {
        var manifests = Render(overlay);
        var expected = new Dictionary<string, string[]>
        {
            ["Deployment/l2l-silo"] = ["silo:silo", "silo:gateway", "redis:redis", "otel-collector:otlp-grpc", "otel-collector:otlp-http"],
            ["StatefulSet/l2l-redis"] = [],
            ["Deployment/otel-collector"] = ["jaeger:otlp-grpc"],
            ["Deployment/jaeger"] = [],
            ["Deployment/prometheus"] = ["otel-collector:metrics"],
            ["Deployment/grafana"] = ["prometheus:web"],
        };
        var deny = manifests.Named<V1NetworkPolicy>("default-deny");
        Assert.Contains("Egress", deny.Spec.PolicyTypes);
        Assert.Contains("Ingress", deny.Spec.PolicyTypes);

        var templates = manifests.PodTemplates.ToList();
        Assert.Equal(expected.Keys.Order(), templates.Select(item => item.Workload).Order());
        foreach (var (workload, template) in templates)
        {
            Assert.Equal(expected[workload].Append(Dns).Order(), Egress(manifests, template.Metadata.Labels).Order());
        }

        var job = Assert.Single(RenderedManifests.Of(RepositoryPaths.TrainJob).All<V1Job>());
        Assert.Equal(
            new[] { Dns, "otel-collector:otlp-grpc", "otel-collector:otlp-http", "silo:gateway" },
            Egress(manifests, job.Spec.Template.Metadata.Labels).Order());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Silos_and_redis_present_certificates_of_the_cluster_authority_for_their_role(string overlay)
    {
        var manifests = Render(overlay);
        var silo = manifests.Silo.Spec.Template.Spec;
        var names = new TlsSettingNames(SiloFlags.VariableFor("--tls-cert"), SiloFlags.VariableFor("--tls-key"), SiloFlags.VariableFor("--tls-ca"));
        var files = new[] { names.Certificate, names.Key, names.Authority }.Select(name => SecretFile(manifests, silo, manifests.SiloContainer, Value(manifests.SiloContainer, name))).ToArray();
        AssertIdentity(files, CertificateRole.Silo, names);

        var redis = manifests.Named<V1StatefulSet>("l2l-redis").Spec.Template.Spec;
        var server = Assert.Single(redis.Containers);
        var script = string.Join('\n', server.Args);
        var redisFiles = new[] { "--tls-cert-file", "--tls-key-file", "--tls-ca-cert-file" }
            .Select(option => SecretFile(manifests, redis, server, Word(script, option))).ToArray();
        AssertIdentity(redisFiles, CertificateRole.Store, new TlsSettingNames("--tls-cert-file", "--tls-key-file", "--tls-ca-cert-file"));
        Assert.Equal(files[2], redisFiles[2]);
    }

    [Fact]
    public void The_training_job_presents_a_client_certificate_of_the_cluster_authority()
    {
        var cluster = Render("gpu");
        var job = Assert.Single(RenderedManifests.Of(RepositoryPaths.TrainJob).All<V1Job>()).Spec.Template.Spec;
        var console = Assert.Single(job.Containers);
        var names = new TlsSettingNames("L2L_TLS_CERT", "L2L_TLS_KEY", "L2L_TLS_CA");
        var files = new[] { names.Certificate, names.Key, names.Authority }.Select(name => SecretFile(cluster, job, console, Value(console, name))).ToArray();

        AssertIdentity(files, CertificateRole.Client, names);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Redis_takes_tls_only_and_admits_only_the_silos_acl_user(string overlay)
    {
        var manifests = Render(overlay);
        var server = Assert.Single(manifests.Named<V1StatefulSet>("l2l-redis").Spec.Template.Spec.Containers);
        var script = string.Join('\n', server.Args);

        Assert.Equal("0", Word(script, "--port"));
        Assert.Equal("6379", Word(script, "--tls-port"));
        Assert.Equal("yes", Word(script, "--tls-auth-clients"));
        Assert.Contains("user default off", script, StringComparison.Ordinal);
        Assert.DoesNotContain("requirepass", script, StringComparison.Ordinal);
        var rules = File.ReadAllText(Path.Combine(RepositoryPaths.Kubernetes, "base", "redis-acl.rules"));
        Assert.Equal(rules, manifests.Named<V1ConfigMap>("l2l-redis-acl").Data["redis-acl.rules"]);
        Assert.DoesNotContain("+@all", rules, StringComparison.Ordinal);
        Assert.Contains("-@dangerous", rules, StringComparison.Ordinal);
        var serviceId = manifests.Silo.Spec.Template.Metadata.Labels["orleans/serviceId"];
        Assert.Contains($"~{serviceId}/*", rules, StringComparison.Ordinal);

        var connection = StackExchange.Redis.ConfigurationOptions.Parse(
            Value(manifests.SiloContainer, SiloSettings.EnvironmentName(ClusteringOptions.Section, nameof(ClusteringOptions.Redis))).Replace("$(REDIS_PASSWORD)", "x", StringComparison.Ordinal));
        Assert.True(connection.Ssl, "the silos reach Redis without TLS");
        Assert.Equal("l2l", connection.User);
    }

    [Fact]
    public void The_cert_manager_component_issues_the_same_secrets_with_their_roles_in_the_subject()
    {
        var overlay = Path.Combine(Kubectl.CopyFolder, "overlays", "cert-manager-check");
        Directory.CreateDirectory(overlay);
        File.WriteAllText(Path.Combine(overlay, "kustomization.yaml"), """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base
            components:
              - ../../components/cert-manager
            """);
        var stream = new YamlStream();
        stream.Load(new StringReader(Kubectl.Kustomize(overlay)));
        var documents = stream.Documents.Select(document => document.RootNode).OfType<YamlMappingNode>().ToList();
        var certificates = documents.Where(document => document.Text("kind") == "Certificate").ToDictionary(Name);
        var issuers = documents.Where(document => document.Text("kind") == "Issuer").ToDictionary(Name);

        Assert.DoesNotContain(documents, document => document.Text("kind") == "Secret" && Name(document).EndsWith("-tls", StringComparison.Ordinal));
        foreach (var (secret, role) in new[] { ("l2l-silo-tls", CertificateRole.Silo), ("l2l-client-tls", CertificateRole.Client), ("l2l-redis-tls", CertificateRole.Store) })
        {
            var certificate = (YamlMappingNode)certificates[secret].Child("spec")!;
            Assert.Equal(secret, certificate.Text("secretName"));
            var units = ((YamlMappingNode)certificate.Child("subject")!).Items("organizationalUnits").Select(unit => ((YamlScalarNode)unit).Value);
            Assert.Equal([CertificateRoles.UnitOf(role)], units);
            var issuer = (YamlMappingNode)issuers[((YamlMappingNode)certificate.Child("issuerRef")!).Text("name")!].Child("spec")!;
            var authority = ((YamlMappingNode)issuer.Child("ca")!).Text("secretName")!;
            Assert.Equal("true", ((YamlMappingNode)certificates.Values.Single(candidate => ((YamlMappingNode)candidate.Child("spec")!).Text("secretName") == authority).Child("spec")!).Text("isCA"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Network_policies_admit_only_silo_to_silo_and_client_to_gateway_traffic_to_silos(string overlay)
    {
        var manifests = Render(overlay);
        var siloLabels = manifests.Silo.Spec.Template.Metadata.Labels;

        var denyAll = manifests.Named<V1NetworkPolicy>("default-deny");
        Assert.True(denyAll.Spec.PodSelector.MatchLabels is null or { Count: 0 }, "default-deny selects some pods only");
        Assert.Null(denyAll.Spec.Ingress);
        var siloPolicy = Assert.Single(manifests.All<V1NetworkPolicy>(), policy => policy.Spec.PodSelector.MatchLabels is { Count: > 0 } labels && Selects(labels, siloLabels));
        // Pods of this namespace only: no namespace selectors, no address blocks.
        Assert.All(siloPolicy.Spec.Ingress.SelectMany(rule => rule.FromProperty), peer => Assert.True(peer.NamespaceSelector is null && peer.IpBlock is null && peer.PodSelector is not null));
        var admitted = siloPolicy.Spec.Ingress
            .SelectMany(rule => rule.FromProperty.SelectMany(peer => rule.Ports.Select(port => (Peer: peer.PodSelector.MatchLabels, Port: port.Port.Value))))
            .ToList();
        Assert.Equal(
            new[] { ("client", "gateway"), ("silo", "gateway"), ("silo", "silo") },
            admitted.Select(rule => (Selects(rule.Peer, siloLabels) ? "silo" : rule.Peer.ContainsKey(ClientLabel) ? "client" : "other", rule.Port)).Order().ToArray());
    }

    [Fact]
    public void The_training_job_reaches_the_gateway_service_as_a_client()
    {
        var cluster = Render("gpu");
        var job = Assert.Single(RenderedManifests.Of(RepositoryPaths.TrainJob).All<V1Job>());
        var container = Assert.Single(job.Spec.Template.Spec.Containers);
        var gateway = cluster.Named<V1Service>("l2l-gateway");

        Assert.Equal("train", container.Args[0]);
        var endpoint = container.Args[container.Args.IndexOf("--cluster") + 1];
        Assert.Equal($"{gateway.Metadata.Name}:{gateway.Spec.Ports.Single().Port}", endpoint);
        Assert.Equal("true", job.Spec.Template.Metadata.Labels[ClientLabel]);
        Assert.Equal(cluster.All<V1Namespace>().Single().Metadata.Name, job.Metadata.NamespaceProperty);
        Assert.EndsWith("client", RenderedManifests.SplitImage(container.Image).Name);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void The_silo_has_no_kubernetes_api_access(string overlay)
    {
        var manifests = Render(overlay);
        var account = manifests.Named<V1ServiceAccount>(manifests.Silo.Spec.Template.Spec.ServiceAccountName);

        Assert.False(account.AutomountServiceAccountToken);
        Assert.False(manifests.Silo.Spec.Template.Spec.AutomountServiceAccountToken);
        Assert.Empty(manifests.All<V1RoleBinding>());
        Assert.Empty(manifests.All<V1ClusterRoleBinding>());
    }

    [Fact]
    public void No_manifest_holds_a_secret()
    {
        var files = Directory.EnumerateFiles(RepositoryPaths.Kubernetes, "*.yaml", SearchOption.AllDirectories).ToList();
        Assert.NotEmpty(files);

        foreach (var file in files)
        {
            foreach (var document in YamlDocuments.Load(file))
            {
                Assert.False(document.Text("kind") == "Secret", $"{file} declares a Secret: generate it from the operator's file instead");
                Assert.DoesNotContain(document.Items("secretGenerator").Cast<YamlMappingNode>(), generator => generator.Child("literals") is not null || generator.Child("envs") is not null);
                foreach (var variable in document.Mappings().Where(mapping => mapping.Text("name") is not null && mapping.Child("value") is not null))
                {
                    var (name, value) = (variable.Text("name")!, variable.Text("value") ?? "");
                    Assert.False(SensitiveName().IsMatch(name), $"{file}: {name} is given as a literal value; take it from a Secret");
                    Assert.False(LiteralPassword().IsMatch(value), $"{file}: {name} holds a literal password; reference $(VARIABLE) from a Secret");
                }
            }
        }
    }

    private static RenderedManifests Render(string overlay) => RenderedManifests.Of(RepositoryPaths.Overlay(overlay));

    private static string Name(YamlMappingNode document) => ((YamlMappingNode)document.Child("metadata")!).Text("name")!;

    /// <summary>"target:port" for every connection the policies that select these labels let a pod open ("dns" for DNS).</summary>
    private static IEnumerable<string> Egress(RenderedManifests manifests, IDictionary<string, string> labels) =>
        manifests.All<V1NetworkPolicy>()
            .Where(policy => policy.Spec.PolicyTypes.Contains("Egress") && Selects(policy.Spec.PodSelector.MatchLabels, labels))
            .SelectMany(policy => policy.Spec.Egress ?? [])
            .SelectMany(rule => rule.To.SelectMany(peer => rule.Ports.Select(port => Target(manifests, peer, port))))
            .Distinct();

    private static string Target(RenderedManifests manifests, V1NetworkPolicyPeer peer, V1NetworkPolicyPort port)
    {
        Assert.Null(peer.IpBlock);
        if (peer.NamespaceSelector is not null)
        {
            Assert.Equal("kube-system", peer.NamespaceSelector.MatchLabels["kubernetes.io/metadata.name"]);
            Assert.Equal("kube-dns", peer.PodSelector.MatchLabels["k8s-app"]);
            Assert.Equal("53", port.Port.Value);
            return Dns;
        }

        // A named port must be one the selected pods declare, or the rule admits nothing.
        var targets = manifests.PodTemplates.Where(item => Selects(peer.PodSelector.MatchLabels, item.Template.Metadata.Labels)).ToList();
        Assert.NotEmpty(targets);
        Assert.All(targets, item => Assert.Contains(item.Template.Spec.Containers.SelectMany(container => container.Ports ?? []), declared => declared.Name == port.Port.Value));
        return $"{peer.PodSelector.MatchLabels[Component]}:{port.Port.Value}";
    }

    private static bool Selects(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        (selector ?? new Dictionary<string, string>()).All(pair => labels is not null && labels.TryGetValue(pair.Key, out var value) && value == pair.Value);

    private static string Value(V1Container container, string name)
    {
        var variable = container.Env?.SingleOrDefault(variable => variable.Name == name);
        Assert.True(variable?.Value is not null, $"container {container.Name} does not set {name}");
        return variable.Value;
    }

    private static string Word(string script, string option)
    {
        var words = script.Split([' ', '\n', '\\'], StringSplitOptions.RemoveEmptyEntries);
        var index = Array.IndexOf(words, option);
        Assert.True(index >= 0 && index + 1 < words.Length, $"the Redis command line has no {option} VALUE");
        return words[index + 1];
    }

    /// <summary>The content of <paramref name="path"/> in <paramref name="container"/>: a key of the Secret mounted above it, readable by the pod's user.</summary>
    private static string SecretFile(RenderedManifests manifests, V1PodSpec pod, V1Container container, string path)
    {
        var mount = container.VolumeMounts?.SingleOrDefault(mount => path.StartsWith(mount.MountPath + "/", StringComparison.Ordinal));
        Assert.True(mount is not null, $"{container.Name}: nothing is mounted above {path}");
        var volume = pod.Volumes.Single(volume => volume.Name == mount.Name);
        Assert.True(volume.Secret is not null, $"{container.Name}: {path} is not in a Secret volume");
        Assert.True(mount.ReadOnlyProperty == true, $"{container.Name}: {mount.MountPath} is writable");
        Assert.Equal(Convert.ToInt32("440", 8), volume.Secret.DefaultMode);
        Assert.Equal(pod.SecurityContext.RunAsGroup ?? pod.SecurityContext.RunAsUser, pod.SecurityContext.FsGroup);
        var secret = manifests.Named<V1Secret>(volume.Secret.SecretName);
        var key = path[(mount.MountPath.Length + 1)..];
        Assert.True(secret.Data?.ContainsKey(key) ?? false, $"{container.Name}: {path} is key {key}, which Secret {secret.Metadata.Name} lacks");
        return Encoding.UTF8.GetString(secret.Data[key]);
    }

    /// <summary>The files are a certificate with its key that the cluster accepts for <paramref name="role"/>, from the authority file given.</summary>
    private static void AssertIdentity(string[] files, CertificateRole role, TlsSettingNames names)
    {
        using var identity = ClusterIdentity.FromPem(files[0], files[1], files[2], role, names);
        Assert.Equal(role, identity.Role);
    }

    [GeneratedRegex("PASSWORD|SECRET|TOKEN|API_?KEY", RegexOptions.IgnoreCase)]
    private static partial Regex SensitiveName();

    [GeneratedRegex(@"password=(?!\$\()", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralPassword();
}
