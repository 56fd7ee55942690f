using System.Diagnostics;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// Synchronous meta-iterations: each iteration its estimator hands out what work is needed, sends every worker that
/// takes part φ, drops those that miss the deadline, whose silo died or whose answer is refused, and makes one estimate
/// of the rest; Adam applies it.
/// </summary>
internal sealed class SynchronousSchedule(IGradientEstimator estimator) : IRunSchedule
{
    private static readonly TimeSpan NoWorkersRetry = TimeSpan.FromSeconds(1);

    public async Task RunAsync(RunContext run, CancellationToken stop)
    {
        while (run.Core.HasIterationsLeft && !stop.IsCancellationRequested)
        {
            await IterateAsync(run, stop);
        }
    }

    private async Task IterateAsync(RunContext run, CancellationToken stop)
    {
        var core = run.Core;
        if (!await estimator.PrepareAsync(run))
        {
            await Task.Delay(NoWorkersRetry, stop).ContinueWith(_ => { }, TaskScheduler.Current);
            return;
        }

        var clock = Stopwatch.StartNew();
        using var span = run.Tracing.Start(L2LTelemetry.IterationSpan, core)?
            .SetTag(TelemetryTags.Iteration, core.Iteration + 1)
            .SetTag(TelemetryTags.PhiVersion, core.PhiVersion);
        if (await estimator.EstimateAsync(run, span) is not { } estimate)
        {
            return;
        }

        var average = estimate.Average;
        span?.SetTag(TelemetryTags.Problems, average.ProblemCount).SetTag(TelemetryTags.Steps, average.Steps).SetTag(TelemetryTags.Loss, average.MetaLoss);
        await run.CompleteAsync(run.Apply(average, estimate.Episode, estimate.StepReached, clock.Elapsed));
    }
}
