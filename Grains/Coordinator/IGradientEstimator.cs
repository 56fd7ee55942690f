using System.Diagnostics;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// How a synchronous iteration gets its meta-gradient from the workers: truncated backpropagation
/// (<see cref="BackpropagationEstimator"/>) or evolution strategies (<see cref="EvolutionEstimator"/>). Each hands out
/// its own kind of work, sends its own requests and takes in its own answers; what follows the estimate (Adam, the
/// metrics, checkpoints) is the schedule's and the <see cref="RunContext"/>'s. A new estimator is a new class.
/// </summary>
internal interface IGradientEstimator
{
    /// <summary>Hands out the work the next iteration needs; false when no worker can take any (the schedule waits and tries again).</summary>
    Task<bool> PrepareAsync(RunContext run);

    /// <summary>
    /// One iteration's estimate from the workers; those that fail or whose answer is refused are dropped. Null when
    /// nothing usable came back (the next iteration starts afresh with whoever is alive).
    /// </summary>
    Task<EstimatedGradient?> EstimateAsync(RunContext run, Activity? span);
}
