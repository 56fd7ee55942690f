namespace L2LCluster.Grains.Security;

/// <summary>What clients may call besides the run grains (<see cref="ClientCallFilter"/>).</summary>
public sealed class ClientCallOptions
{
    /// <summary>
    /// The system targets (by name, as <c>SystemTargetGrainId.CreateGrainType</c> takes it) a client may call: the
    /// manifest provider, from which a client learns the cluster's grain types.
    /// </summary>
    public ISet<string> SystemTargets { get; } = new HashSet<string>(StringComparer.Ordinal) { "manifest" };
}
