using L2LCluster.Runs;

namespace L2LCluster.Contracts;

/// <summary>
/// One per device (keyed "{silo}|{device}", placed on that silo only): keeps each run's problems across
/// truncations and turns φ into meta-gradients on its device's own thread.
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>Takes on a share of a run's problems for an episode; whatever it held for the run before is freed.</summary>
    Task AssignAsync(EpisodeAssignment assignment);

    /// <remarks>An unroll of large problems can take minutes; the coordinator's own deadline (with cancellation) governs.</remarks>
    [ResponseTimeout("00:30:00")]
    Task<WorkerGradient> UnrollAsync(UnrollRequest request, CancellationToken cancellationToken);

    /// <summary>φ's mean final loss on the run's validation problems, optimized for a whole horizon.</summary>
    [ResponseTimeout("00:30:00")]
    Task<double> ValidateAsync(ValidationRequest request, CancellationToken cancellationToken);

    /// <summary>Frees what the worker holds for a run (its problems and their state).</summary>
    Task ReleaseAsync(RunId runId);
}
