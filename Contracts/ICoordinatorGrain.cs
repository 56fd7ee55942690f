using L2LCluster.Runs;
using Orleans.Concurrency;

namespace L2LCluster.Contracts;

/// <summary>One per run (keyed by run id): holds φ and the meta-optimizer, drives the workers, checkpoints.</summary>
[ClientFacing]
public interface ICoordinatorGrain : IGrainWithStringKey
{
    /// <summary>Starts the run, or returns its status if this run id is already running the same spec.</summary>
    Task<RunStatus> StartAsync(RunSpec spec);

    [AlwaysInterleave]
    Task<RunStatus> GetStatusAsync();

    /// <summary>Stops after the current iteration and writes a checkpoint.</summary>
    [AlwaysInterleave]
    Task<RunStatus> StopAsync();

    /// <summary>
    /// Continues a stopped or failed run from its last checkpoint. <paramref name="iterations"/>, when given, is the
    /// run's new total of meta-iterations: more trains it longer (a completed run too), fewer ends it sooner.
    /// </summary>
    Task<RunStatus> ResumeAsync(int? iterations);

    /// <summary>The optimizer file (Learning's format) for φ as it stands; null before the run has started.</summary>
    [AlwaysInterleave]
    Task<byte[]?> GetOptimizerFileAsync();
}
