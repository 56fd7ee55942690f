using L2LCluster.Runs;

namespace L2LCluster.Contracts;

/// <summary>Where a run stands, as the coordinator sees it.</summary>
/// <param name="RunId">The run.</param>
/// <param name="State">Running, completed, stopped, failed (or unknown).</param>
/// <param name="Iteration">Meta-iterations applied so far.</param>
/// <param name="Iterations">Meta-iterations the run asks for.</param>
/// <param name="PhiVersion">The version of φ (one per applied update, kept across resumes).</param>
/// <param name="MetaLoss">The last iteration's meta-loss (averaged over all problems).</param>
/// <param name="FinalLoss">The last iteration's mean loss at the truncation's end.</param>
/// <param name="IterationsPerSecond">Meta-iterations per second since the (re)start.</param>
/// <param name="ProblemStepsPerSecond">Optimizee problem-steps per second since the (re)start.</param>
/// <param name="LiveWorkers">Workers taking part in the current episode.</param>
/// <param name="DroppedWorkers">Every time a worker was left out, most recent last.</param>
/// <param name="RejectedGradients">Gradients refused (non-finite, wrong version or wrong length).</param>
/// <param name="LastCheckpointIteration">The iteration of the newest checkpoint (0 for none).</param>
/// <param name="ResumedFromIteration">The checkpoint iteration the coordinator last resumed from, if it did.</param>
/// <param name="CoordinatorSilo">The silo the coordinator runs on.</param>
/// <param name="Error">Why the run failed, if it did.</param>
/// <param name="StaleGradients">Asynchronous runs: gradients dropped for lagging more than the allowed staleness.</param>
/// <param name="BestIteration">Runs that validate: the iteration of the best validated φ, the one the run's optimizer holds.</param>
/// <param name="BestValidationLoss">That φ's mean final loss on the validation problems.</param>
[GenerateSerializer, Immutable, Alias("l2l.RunStatus")]
public sealed record RunStatus(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] RunState State,
    [property: Id(2)] int Iteration,
    [property: Id(3)] int Iterations,
    [property: Id(4)] long PhiVersion,
    [property: Id(5)] double MetaLoss,
    [property: Id(6)] double FinalLoss,
    [property: Id(7)] double IterationsPerSecond,
    [property: Id(8)] double ProblemStepsPerSecond,
    [property: Id(9)] IReadOnlyList<string> LiveWorkers,
    [property: Id(10)] IReadOnlyList<DroppedWorker> DroppedWorkers,
    [property: Id(11)] int RejectedGradients,
    [property: Id(12)] int LastCheckpointIteration,
    [property: Id(13)] int? ResumedFromIteration,
    [property: Id(14)] string CoordinatorSilo,
    [property: Id(15)] string? Error,
    [property: Id(16)] int StaleGradients = 0,
    [property: Id(17)] int? BestIteration = null,
    [property: Id(18)] double? BestValidationLoss = null)
{
    public bool IsFinished => State is RunState.Completed or RunState.Stopped or RunState.Failed;
}
