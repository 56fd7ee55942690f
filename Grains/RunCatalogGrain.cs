using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using L2LCluster.Runs;
using Orleans.Concurrency;

namespace L2LCluster.Grains;

/// <summary>Lists the run store on whichever silo takes the call: every silo sees the same store.</summary>
[StatelessWorker]
public sealed class RunCatalogGrain(IRunStore store) : Grain, IRunCatalogGrain
{
    public Task<IReadOnlyList<RunId>> ListRunsAsync() => store.ListRunsAsync(CancellationToken.None);
}
