using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// Truncated BPTT over the workers: at each episode's start the run's problems are split over the live workers; each
/// iteration sends them φ and averages the gradients of those that answer in time with a sound gradient.
/// </summary>
internal sealed class BackpropagationEstimator : IGradientEstimator
{
    public async Task<bool> PrepareAsync(RunContext run)
    {
        var core = run.Core;
        if (core.StepInHorizon != 0)
        {
            return true;
        }

        var assignments = await run.Workers.DiscoverAsync(core.Training.Problems);
        await Task.WhenAll(assignments.ToArray().Select(assignment => run.AssignAsync(assignment, core.Episode, span: null)));
        core.Assign([.. run.Workers.Assignments.Select(assignment => assignment.WorkerKey)]);
        return run.Workers.Assignments.Count > 0;
    }

    public async Task<EstimatedGradient?> EstimateAsync(RunContext run, Activity? span)
    {
        var core = run.Core;
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
            return null;
        }

        var average = intake.Average();
        var episode = core.Episode;
        return new EstimatedGradient(average, episode, core.Advance(average.Steps));
    }
}
