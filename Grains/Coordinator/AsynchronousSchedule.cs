using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// Asynchronous meta-training (<see cref="AsynchronousMode"/>): in each round every live worker loops on episodes of
/// its own under the newest φ, and an update is applied whenever enough gradients are in; a round ends when the run
/// does or its last worker is dropped, and the next takes in whoever is alive.
/// </summary>
internal sealed class AsynchronousSchedule(AsynchronousMode mode) : IRunSchedule
{
    private static readonly TimeSpan NoWorkersRetry = TimeSpan.FromSeconds(1);

    public async Task RunAsync(RunContext run, CancellationToken stop)
    {
        while (run.Core.HasIterationsLeft && !stop.IsCancellationRequested)
        {
            var assignments = await run.Workers.DiscoverAsync(run.Core.Training.Problems);
            run.Core.Assign([.. assignments.Select(assignment => assignment.WorkerKey)]);
            if (assignments.Count == 0)
            {
                await Task.Delay(NoWorkersRetry, stop).ContinueWith(_ => { }, TaskScheduler.Current);
                continue;
            }

            var round = new AsynchronousRound(mode, mode.GradientsPerUpdate > 0 ? mode.GradientsPerUpdate : assignments.Count, run.Core.PhiVersion, run.Core.Phi);
            await Task.WhenAll(assignments.ToArray().Select(assignment => RunWorkerAsync(run, assignment, round, stop)));
        }
    }

    /// <summary>
    /// One worker's loop: it unrolls its own episodes back to back, each time under the newest φ. Its problems move on
    /// whatever becomes of the gradient; a gradient that lags more than the staleness bound is counted and dropped.
    /// Grain turns run one at a time, so the loops share the round and the run without locks. Each request gets an
    /// <c>l2l.iteration</c> span (the iteration its gradient is meant for), so the worker's unroll stays in the run's trace.
    /// </summary>
    private static async Task RunWorkerAsync(RunContext run, WorkerAssignment assignment, AsynchronousRound round, CancellationToken stop)
    {
        var core = run.Core;
        bool KeepsRunning() => core.HasIterationsLeft && !stop.IsCancellationRequested;
        var episode = core.TakeEpisode();
        var step = 0;
        while (KeepsRunning())
        {
            // Each episode's problems start with its first step, on the share the worker is handed for it.
            if (step == 0 && !await run.AssignAsync(assignment, episode, span: null))
            {
                return;
            }

            using var span = run.Tracing.Start(L2LTelemetry.IterationSpan, core)?
                .SetTag(TelemetryTags.Iteration, core.Iteration + 1)
                .SetTag(TelemetryTags.PhiVersion, core.PhiVersion)
                .SetTag(TelemetryTags.Worker, assignment.WorkerKey);
            var answer = await run.Workers.UnrollAsync(
                assignment, new UnrollRequest(core.RunId, core.PhiVersion, round.PhiBytes, core.Iteration + 1, episode, step));
            if (!KeepsRunning())
            {
                return;
            }

            var failure = answer.Failure;
            if (answer.Gradient is { } gradient)
            {
                step += gradient.Steps;
                var reached = step;
                if (step >= core.Training.Horizon)
                {
                    episode = core.TakeEpisode();
                    step = 0;
                }

                if (core.PhiVersion - gradient.PhiVersion > round.Mode.MaxStaleness)
                {
                    core.RecordStale();
                    span?.SetTag(TelemetryTags.Reason, "stale");
                    continue;
                }

                failure = round.Intake.Accept(gradient);
                if (failure is null)
                {
                    if (round.Intake.Accepted >= round.GradientsPerUpdate)
                    {
                        var report = run.Apply(round.Intake.Average(), episode, reached, round.SinceLastUpdate.Elapsed);
                        round.Restart(core.PhiVersion);
                        await run.CompleteAsync(report);
                    }

                    continue;
                }

                core.RecordRejection();
            }

            run.Drop(assignment, failure!, span);
            return;
        }
    }
}
