using L2LCluster.Runs;

namespace L2LCluster.Contracts;

/// <summary>The runs a cluster knows (key 0): those with a checkpoint in its run store.</summary>
[ClientFacing]
public interface IRunCatalogGrain : IGrainWithIntegerKey
{
    Task<IReadOnlyList<RunId>> ListRunsAsync();
}
