using L2LCluster.Grains.Coordination;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// One activation's training of its run: the run's context over a fresh worker pool, the schedule its spec asks for,
/// and the loop that drives it until it ends or is asked to stop.
/// </summary>
internal sealed class RunTraining
{
    private readonly CancellationTokenSource _stop = new();

    /// <param name="leaving">Whether the activation is going away, so that the run's end is not written.</param>
    /// <param name="siloStopping">The silo is going away: its errors are not the run's.</param>
    public RunTraining(RunCore core, RunJournal journal, IGrainFactory grains, RunTracing tracing, ILogger logger, Func<bool> leaving, CancellationToken siloStopping)
    {
        Context = new RunContext(core, new WorkerPool(grains, core.Spec, logger), journal, tracing, logger);
        Loop = new RunLoop(Context, ScheduleFor(core), logger).RunAsync(_stop.Token, leaving, siloStopping);
    }

    public RunContext Context { get; }

    /// <summary>How the loop ended; it never faults.</summary>
    public Task<RunLoopEnd> Loop { get; }

    /// <summary>Ends the loop after the iteration under way.</summary>
    public Task StopAsync() => _stop.CancelAsync();

    private static IRunSchedule ScheduleFor(RunCore core) => core.Spec.Asynchronous is { } mode
        ? new AsynchronousSchedule(mode)
        : new SynchronousSchedule(core.Training.Estimator is null ? new BackpropagationEstimator() : new EvolutionEstimator(core.Training, core.Iteration + 1));
}
