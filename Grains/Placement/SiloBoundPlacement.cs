namespace L2LCluster.Grains.Placement;

/// <summary>
/// Places a grain on the silo named in its key (see Contracts' WorkerKeys), and nowhere else: a worker owns one
/// device of one silo and must die with that silo rather than move and share another silo's device.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class SiloBoundPlacement : PlacementStrategy
{
    public static SiloBoundPlacement Instance { get; } = new();
}
