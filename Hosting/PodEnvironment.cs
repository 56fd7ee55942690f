using L2LCluster.Runs;

namespace L2LCluster.Hosting;

/// <summary>
/// The environment a silo reads in a Kubernetes pod (from the downward API and the manifests), besides the
/// L2L_-prefixed configuration: its identity, its address and which cluster it belongs to.
/// </summary>
public static class PodEnvironment
{
    public const string PodName = "POD_NAME";

    public const string PodIp = "POD_IP";

    public const string ServiceId = "ORLEANS_SERVICE_ID";

    public const string ClusterId = "ORLEANS_CLUSTER_ID";

    /// <summary>Set by Kubernetes in every pod; a silo that sees it uses kubernetes clustering unless told otherwise.</summary>
    public const string KubernetesServiceHost = "KUBERNETES_SERVICE_HOST";

    /// <summary>The variables a pod must set for kubernetes clustering.</summary>
    public static IReadOnlyList<string> Required { get; } = [PodName, PodIp, ServiceId, ClusterId];

    public static string Read(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        InvalidSettingException.ThrowUnless(!string.IsNullOrWhiteSpace(value), name,
            "must be set for kubernetes clustering (from the pod's downward API or the manifest); it is missing or empty.");
        return value!;
    }
}
