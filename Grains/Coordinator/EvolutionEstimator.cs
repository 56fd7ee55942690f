using System.Diagnostics;
using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// ES and PES over the workers. The run's particles are placed on the live workers (<see cref="ParticleRoster"/>);
/// each iteration sends every holder φ and the iteration's noise seed, takes back two loss differences per particle
/// (<see cref="PerturbationIntake"/>) and rebuilds the estimate from the seeds (<see cref="ParticleLedger"/>, the single
/// process's very code). A worker that fails loses its particles for that iteration only: they start again, cold, on
/// the live workers. Every horizon's worth of iterations the workers are counted again and particles moved to any
/// that joined. A new coordinator (a resumed run) starts every particle afresh.
/// </summary>
internal sealed class EvolutionEstimator(MetaTrainingSpec training, int firstIteration) : IGradientEstimator
{
    private readonly ParticleLedger _ledger = new(training, firstIteration);
    private readonly ParticleRoster _roster = new(training.Estimator!.Perturbations);

    public async Task<bool> PrepareAsync(RunContext run)
    {
        var core = run.Core;
        if (_roster.HasUnplaced)
        {
            _roster.Place(await run.Workers.DiscoverKeysAsync());
        }
        else if (core.Iteration % training.TruncationsPerHorizon == 0)
        {
            foreach (var particle in _roster.Rebalance(await run.Workers.DiscoverKeysAsync()))
            {
                _ledger.Restart(particle, core.Iteration);
            }
        }

        var changed = _roster.Changed(_ledger.Slots);
        var failures = await Task.WhenAll(changed.Select(async entry =>
            (entry.Worker, entry.Slots, Failure: await run.Workers.HoldParticlesAsync(entry.Worker, new ParticleAssignment(core.RunId, training, [.. entry.Slots])))));
        foreach (var (worker, slots, failure) in failures)
        {
            if (failure is null)
            {
                _roster.Told(worker, slots);
            }
            else
            {
                Drop(run, worker, failure, span: null);
            }
        }

        core.Assign(_roster.Workers);
        return !_roster.HasUnplaced;
    }

    public async Task<EstimatedGradient?> EstimateAsync(RunContext run, Activity? span)
    {
        var core = run.Core;
        var iteration = core.Iteration + 1;
        var request = new PerturbationRequest(core.RunId, core.PhiVersion, FloatPayload.ToBytes(core.Phi), iteration, PerturbationNoise.Seed(training.Seed, iteration));
        var answers = await Task.WhenAll(_roster.Workers.Select(worker => run.Workers.PerturbAsync(worker, request)));
        var intake = new PerturbationIntake(core.PhiVersion, training.Estimator!.Perturbations);
        foreach (var (worker, answer, failure) in answers)
        {
            var reason = failure ?? intake.Accept(answer!, _roster.ParticlesOf(worker));
            if (reason is not null)
            {
                if (failure is null)
                {
                    core.RecordRejection();
                }

                Drop(run, worker, reason, span);
            }
        }

        RunMetrics.LiveWorkers.Record(intake.Accepted, RunMetrics.Tag(core.RunId));
        var estimate = _ledger.Estimate(iteration, intake.Truncation());
        if (!estimate.IsFinite)
        {
            return null;
        }

        var particle = _ledger.ClockOf(0);
        return new EstimatedGradient(estimate, particle.Episode, particle.Step);
    }

    private void Drop(RunContext run, string worker, string reason, Activity? span)
    {
        _roster.Drop(worker);
        run.Workers.Forget(worker);
        run.Drop(worker, reason, span);
    }
}
