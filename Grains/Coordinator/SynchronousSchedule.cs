using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;
using L2LCluster.Telemetry;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// Synchronous meta-iterations: at each episode's start the run's problems are split over the live workers; each
/// iteration sends them φ, drops those that miss the deadline, whose silo died or whose gradient is rejected, and
/// applies the average of the rest.
/// </summary>
internal sealed class SynchronousSchedule : IRunSchedule
{
    private static readonly TimeSpan NoWorkersRetry = TimeSpan.FromSeconds(1);

    public async Task RunAsync(RunContext run, CancellationToken stop)
    {
        while (run.Core.HasIterationsLeft && !stop.IsCancellationRequested)
        {
            await IterateAsync(run, stop);
        }
    }

    private static async Task IterateAsync(RunContext run, CancellationToken stop)
    {
        var core = run.Core;
        if (core.StepInHorizon == 0 && !await AssignEpisodeAsync(run))
        {
            await Task.Delay(NoWorkersRetry, stop).ContinueWith(_ => { }, TaskScheduler.Current);
            return;
        }

        var clock = Stopwatch.StartNew();
        using var span = run.Tracing.Start(L2LTelemetry.IterationSpan, core)?
            .SetTag(TelemetryTags.Iteration, core.Iteration + 1)
            .SetTag(TelemetryTags.PhiVersion, core.PhiVersion);
        var request = new UnrollRequest(core.RunId, core.PhiVersion, FloatPayload.ToBytes(core.Phi), core.Iteration + 1, core.Episode, core.StepInHorizon);
        var answers = await Task.WhenAll(run.Workers.Assignments.ToArray().Select(assignment => run.Workers.UnrollAsync(assignment, request)));
        var intake = new GradientIntake(core.PhiVersion, core.PhiVersion, core.Phi.Length);
        foreach (var answer in answers)
        {
            var reason = answer.Failure ?? intake.Accept(answer.Gradient!);
            if (reason is not null)
            {
                if (answer.Failure is null)
                {
                    core.RecordRejection();
                }

                run.Drop(answer.Assignment, reason, span);
            }
        }

        RunMetrics.LiveWorkers.Record(intake.Accepted, RunMetrics.Tag(core.RunId));
        if (intake.Accepted == 0)
        {
            // Nobody advanced their problems in step: start the next episode with whoever is alive.
            core.StartNextEpisode();
            run.Workers.Clear();
            return;
        }

        var average = intake.Average();
        var episode = core.Episode;
        var reached = core.Advance(average.Steps);
        span?.SetTag(TelemetryTags.Problems, average.ProblemCount).SetTag(TelemetryTags.Steps, average.Steps).SetTag(TelemetryTags.Loss, average.MetaLoss);
        await run.CompleteAsync(run.Apply(average, episode, reached, clock.Elapsed));
    }

    /// <summary>The live workers, each with its share of the episode's problems; false when nobody took any.</summary>
    private static async Task<bool> AssignEpisodeAsync(RunContext run)
    {
        var core = run.Core;
        var assignments = await run.Workers.DiscoverAsync(core.Training.Problems);
        await Task.WhenAll(assignments.ToArray().Select(assignment => run.AssignAsync(assignment, core.Episode, span: null)));
        core.Assign([.. run.Workers.Assignments.Select(assignment => assignment.WorkerKey)]);
        return run.Workers.Assignments.Count > 0;
    }
}
