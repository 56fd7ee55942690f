using L2LCluster.Contracts;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Cluster.Tests;

/// <summary>ES and PES on the cluster: the single process's φ from particles split over workers, and a run that outlives its coordinator.</summary>
[Trait("Category", "Cluster")]
public sealed class EvolutionRunTests
{
    private static readonly TimeSpan Timeout = ClusterHarness.RunTimeout;

    /// <summary>Small quadratics, 6 particles of 2 problems each, episodes of 4 to 8 steps so that particles end theirs mid-truncation.</summary>
    private static MetaTrainingSpec Spec(EvolutionStrategyKind kind, int iterations) => ClusterHarness.SmallTrainingSpec(iterations, problems: 2) with
    {
        LearningRate = 0.01,
        Estimator = new EvolutionStrategy(kind, Perturbations: 6, Sigma: 0.05),
        UnrollSchedule = new TruncationSchedule(TruncationScheduleKind.LogUniform, 4, 8),
    };

    [Theory]
    [InlineData(EvolutionStrategyKind.Truncated)]
    [InlineData(EvolutionStrategyKind.Persistent)]
    public async Task TwoWorkersReachTheSamePhiAsTheSingleProcessTrainerAfterTwentyIterations(EvolutionStrategyKind kind)
    {
        var spec = Spec(kind, iterations: 20);
        using var reference = new MetaTrainer(spec, ProblemCatalog.Default.Create(spec.Problem, spec.ProblemOptions), CPU);
        while (!reference.IsComplete)
        {
            reference.Step();
        }

        await using var harness = await ClusterHarness.StartAsync(silos: 1, devicesPerSilo: 2);
        var runId = $"evolution-{kind}".ToLowerInvariant();
        await harness.Coordinator(runId).StartAsync(ClusterHarness.Run(runId, spec));
        var status = await harness.WaitForAsync(runId, status => status.IsFinished, Timeout);
        var clustered = await harness.OptimizerAsync(runId);

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(2, status.LiveWorkers.Count);
        Assert.Empty(status.DroppedWorkers);
        Assert.Equal(0, reference.RejectedGradients);
        var difference = clustered.Parameters.Zip(reference.Phi, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-5, $"max |Δφ| = {difference}");
        Assert.True(reference.Phi.Zip(spec.InitialPhi(), (a, b) => Math.Abs(a - b)).Max() > 1e-3, "φ did not move");
    }

    [Fact]
    public async Task AWorkerLostMidRunLosesItsParticlesForThatIterationOnlyAndTheOthersTakeThemOn()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 3);
        await harness.Coordinator("es-lost").StartAsync(ClusterHarness.Run("es-lost", Spec(EvolutionStrategyKind.Truncated, iterations: 100_000)));
        var running = await harness.WaitForAsync("es-lost", status => status.Iteration >= 5, Timeout);
        var victim = harness.Cluster.Silos.First(silo => silo.SiloAddress.ToParsableString() != running.CoordinatorSilo);

        await harness.Cluster.StopSiloAsync(victim);
        var stoppedAt = (await harness.Coordinator("es-lost").GetStatusAsync()).Iteration;
        var later = await harness.WaitForAsync("es-lost", status => status.Iteration >= stoppedAt + 5, Timeout);
        await harness.Coordinator("es-lost").StopAsync();

        Assert.Equal(3, running.LiveWorkers.Count);
        Assert.Equal(2, later.LiveWorkers.Count);
        Assert.DoesNotContain(later.LiveWorkers, worker => WorkerKeys.SiloOf(worker) == victim.SiloAddress.ToParsableString());
        Assert.Contains(later.DroppedWorkers, dropped => WorkerKeys.SiloOf(dropped.WorkerKey) == victim.SiloAddress.ToParsableString());
        // Every iteration was applied: the lost particles were missing from one estimate, not the run from an iteration.
        Assert.Equal(later.Iteration, later.PhiVersion);
    }

    [Fact]
    public async Task ACheckpointedPesRunResumesOnAnotherSiloWhenItsCoordinatorsSiloIsKilled()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 3);
        await harness.Coordinator("pes-resumed").StartAsync(ClusterHarness.Run("pes-resumed", Spec(EvolutionStrategyKind.Persistent, iterations: 100_000), checkpointEvery: 5));
        var before = await harness.WaitForAsync("pes-resumed", status => status.Iteration >= 7, Timeout);

        await harness.Cluster.KillSiloAsync(harness.SiloOf(before.CoordinatorSilo));
        var resumed = await harness.WaitForAsync("pes-resumed", status => status.ResumedFromIteration is not null, Timeout);
        var later = await harness.WaitForAsync("pes-resumed", status => status.Iteration >= resumed.ResumedFromIteration + 5, Timeout);
        await harness.Coordinator("pes-resumed").StopAsync();

        Assert.NotEqual(before.CoordinatorSilo, resumed.CoordinatorSilo);
        Assert.Equal(0, resumed.ResumedFromIteration % 5);
        Assert.True(resumed.ResumedFromIteration >= before.Iteration - 4, $"resumed from {resumed.ResumedFromIteration}, seen {before.Iteration}");
        Assert.Equal(later.Iteration, later.PhiVersion);
        Assert.Equal(2, later.LiveWorkers.Count);
        Assert.Equal(0, later.RejectedGradients);
    }
}
