using System.Diagnostics;
using System.Globalization;
using L2LCluster.Contracts;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using static TorchSharp.torch;

namespace L2LCluster.Cluster.Tests;

[Trait("Category", "Cluster")]
public sealed class ClusterRunTests
{
    private const int Endless = ClusterHarness.Endless;

    private static readonly TimeSpan Timeout = ClusterHarness.RunTimeout;

    [Fact]
    public async Task ARunCompletesOnThreeSilosWithAWorkerEach()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 3);

        await harness.Coordinator("complete").StartAsync(ClusterHarness.SmallRun("complete", iterations: 10));
        var status = await harness.WaitForAsync("complete", status => status.IsFinished, Timeout);

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(10, status.Iteration);
        Assert.Equal(10, status.PhiVersion);
        Assert.Equal(3, status.LiveWorkers.Count);
        Assert.Empty(status.DroppedWorkers);
        Assert.True(File.Exists(Path.Combine(harness.RunsFolder, "complete", "optimizer.l2lopt")));
        Assert.Equal(11, File.ReadAllLines(Path.Combine(harness.RunsFolder, "complete", "metrics.csv")).Length);
    }

    [Fact]
    public async Task TwoWorkersOf64ProblemsReachTheSamePhiAsTheSingleProcessTrainerWith128()
    {
        var family = new QuadraticProblems();
        var spec = TrainingSpecs.ForFamily(family) with { Iterations = 20, Seed = 3 };
        using var reference = new MetaTrainer(spec, family, CPU);
        while (!reference.IsComplete)
        {
            reference.Step();
        }

        await using var harness = await ClusterHarness.StartAsync(silos: 1, devicesPerSilo: 2);
        await harness.Coordinator("equivalence").StartAsync(ClusterHarness.Run("equivalence", spec));
        var status = await harness.WaitForAsync("equivalence", status => status.IsFinished, Timeout);
        var clustered = await harness.OptimizerAsync("equivalence");

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(2, status.LiveWorkers.Count);
        // The two workers sum their rows' contributions to ∂L/∂φ in another order than one trainer of all the rows, so φ
        // agrees to rounding carried through 20 Adam steps: within a thousandth of how far φ moved.
        var initial = new CoordinatewiseLstm(spec.Architecture).InitialParameters(spec.Seed, spec.Initialization);
        var moved = reference.Phi.Zip(initial, (a, b) => Math.Abs(a - b)).Max();
        var difference = clustered.Parameters.Zip(reference.Phi, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-3 * moved, $"max |Δφ| = {difference}, φ moved up to {moved}");
    }

    [Fact]
    public async Task ARunThatValidatesKeepsTheSameBestPhiAsTheSingleProcessTrainer()
    {
        var spec = ClusterHarness.SmallTrainingSpec(iterations: 12, problems: 8) with { LearningRate = 0.05, Validation = new ValidationSchedule(Every: 3, Problems: 6) };
        using var reference = new MetaTrainer(spec, ProblemCatalog.Default.Create(spec.Problem, spec.ProblemOptions), CPU);
        var validated = new List<MetaIterationReport>();
        while (!reference.IsComplete)
        {
            if (reference.Step() is { ValidationLoss: not null } report)
            {
                validated.Add(report);
            }
        }

        await using var harness = await ClusterHarness.StartAsync(silos: 1, devicesPerSilo: 2);
        await harness.Coordinator("validated").StartAsync(ClusterHarness.Run("validated", spec));
        var status = await harness.WaitForAsync("validated", status => status.IsFinished, Timeout);
        var clustered = await harness.OptimizerAsync("validated");

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(reference.Best!.Iteration, status.BestIteration);
        Assert.Equal(reference.Best.ValidationLoss, status.BestValidationLoss!.Value, 5);
        var difference = clustered.Parameters.Zip(reference.Best.Phi, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-5, $"max |Δφ| = {difference}");
        var rows = File.ReadAllLines(RunFolder.In(harness.RunsFolder, RunId.Parse("validated", "run")).MetricsPath).Skip(1).Select(row => row.Split(','));
        Assert.Equal(validated.Select(report => report.Iteration.ToString(CultureInfo.InvariantCulture)), rows.Where(row => row[^1].Length > 0).Select(row => row[0]));
    }

    [Fact]
    public async Task ARunStartedFromAnOptimizerTrainsFromThePhiTheClientSentAsTheSingleProcessTrainerDoes()
    {
        var start = ClusterHarness.SmallTrainingSpec(iterations: 4, problems: 4);
        var startingPhi = start.Networks().InitialParameters(99, start.Initialization);
        var file = Path.Combine(Path.GetTempPath(), $"l2l-start-{Guid.NewGuid():N}.l2lopt");
        OptimizerFile.Save(file, new LearnedOptimizerModel(start.Architecture, startingPhi), new OptimizerFileInfo(start.Problem, 0, SpecJson.Serialize(start), DateTimeOffset.UnixEpoch));
        var spec = start with { StartFrom = StartingPoint.Of(file) };
        using var reference = new MetaTrainer(spec, ProblemCatalog.Default.Create(spec.Problem, spec.ProblemOptions), CPU);
        while (!reference.IsComplete)
        {
            reference.Step();
        }

        // The silo never reads the file: the client sends its φ, and the file is gone before the run starts.
        var initialPhi = FloatPayload.ToBytes(spec.InitialPhi());
        File.Delete(file);
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        await harness.Coordinator("started").StartAsync(ClusterHarness.Run("started", spec) with { InitialPhi = initialPhi });
        await harness.WaitForAsync("started", status => status.IsFinished, Timeout);
        var clustered = await harness.OptimizerAsync("started");

        var difference = clustered.Parameters.Zip(reference.Phi, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(difference <= 1e-5, $"max |Δφ| = {difference}");
    }

    [Fact]
    public async Task ARunGoesOnWithTheOtherSilosWorkersWhenASiloIsStoppedMidRun()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 3);
        await harness.Coordinator("stopped-silo").StartAsync(ClusterHarness.SmallRun("stopped-silo", iterations: Endless));
        var running = await harness.WaitForAsync("stopped-silo", status => status.Iteration >= 5, Timeout);
        var victim = harness.Cluster.Silos.First(silo => silo.SiloAddress.ToParsableString() != running.CoordinatorSilo);
        var victimKey = victim.SiloAddress.ToParsableString();

        await harness.Cluster.StopSiloAsync(victim);
        var stoppedAt = (await harness.Coordinator("stopped-silo").GetStatusAsync()).Iteration;
        var later = await harness.WaitForAsync("stopped-silo", status => status.Iteration >= stoppedAt + 5, Timeout);
        var stopped = await harness.Coordinator("stopped-silo").StopAsync();

        Assert.Equal(2, later.LiveWorkers.Count);
        Assert.DoesNotContain(later.LiveWorkers, worker => WorkerKeys.SiloOf(worker) == victimKey);
        Assert.Equal(later.Iteration, later.PhiVersion);
        Assert.Equal(RunState.Stopped, stopped.State);
    }

    [Fact]
    public async Task WorkersOfASiloThatJoinsMidRunAreTakenIn()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2);
        await harness.Coordinator("joined").StartAsync(ClusterHarness.SmallRun("joined", iterations: Endless));
        await harness.WaitForAsync("joined", status => status.Iteration >= 3, Timeout);

        var newcomer = await harness.Cluster.StartAdditionalSiloAsync();
        var key = newcomer.SiloAddress.ToParsableString();
        var withNewcomer = await harness.WaitForAsync("joined", status => status.LiveWorkers.Any(worker => WorkerKeys.SiloOf(worker) == key), Timeout);
        await harness.Coordinator("joined").StopAsync();

        Assert.Equal(3, withNewcomer.LiveWorkers.Count);
        Assert.Equal(RunState.Running, withNewcomer.State);
    }

    [Fact]
    public async Task ACheckpointedRunResumesOnAnotherSiloWhenItsCoordinatorsSiloIsKilled()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 3);
        await harness.Coordinator("resumed").StartAsync(ClusterHarness.SmallRun("resumed", iterations: Endless, checkpointEvery: 5));
        var before = await harness.WaitForAsync("resumed", status => status.Iteration >= 7, Timeout);
        var coordinatorSilo = harness.SiloOf(before.CoordinatorSilo);

        await harness.Cluster.KillSiloAsync(coordinatorSilo);
        var resumed = await harness.WaitForAsync("resumed", status => status.ResumedFromIteration is not null, Timeout);
        var later = await harness.WaitForAsync("resumed", status => status.Iteration >= resumed.ResumedFromIteration + 5, Timeout);
        await harness.Coordinator("resumed").StopAsync();

        Assert.NotEqual(before.CoordinatorSilo, resumed.CoordinatorSilo);
        Assert.Equal(0, resumed.ResumedFromIteration % 5);
        // The silo dies some iterations after the status we saw; the newest checkpoint then is at most k behind it.
        Assert.True(resumed.ResumedFromIteration >= before.Iteration - 4, $"resumed from {resumed.ResumedFromIteration}, seen {before.Iteration}");
        Assert.True(resumed.PhiVersion >= resumed.ResumedFromIteration);
        Assert.Equal(later.Iteration, later.PhiVersion);
    }

    [Fact]
    public async Task AnInvalidSpecIsRefusedNamingTheField()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        var spec = ClusterHarness.SmallTrainingSpec(5, 4) with { Unroll = 50 };

        var error = await Assert.ThrowsAsync<InvalidRunException>(() => harness.Coordinator("invalid").StartAsync(ClusterHarness.Run("invalid", spec)));

        Assert.Equal(SpecFields.Unroll, error.Setting);
        Assert.Equal(RunState.Unknown, (await harness.Coordinator("invalid").GetStatusAsync()).State);
    }

    [Fact]
    public async Task TheLearnedOptimizerFromAClusterRunIsUsable()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2);
        var spec = ClusterHarness.SmallTrainingSpec(iterations: 60, problems: 8) with { LearningRate = 0.03 };
        await harness.Coordinator("usable").StartAsync(ClusterHarness.Run("usable", spec));
        await harness.WaitForAsync("usable", status => status.IsFinished, Timeout);

        var model = await harness.OptimizerAsync("usable");
        var (before, after) = MinimizeAQuadratic(model, steps: 30);

        Assert.Equal(new OptimizerArchitecture([4], GradientPreprocessing.LogAndSign(), 0.1), model.Architecture);
        Assert.True(after < 0.5 * before, $"f went from {before} to {after} in 30 learned steps");
    }

    /// <summary>A user's own TorchSharp loop: ‖Wθ − y‖² over a parameter, stepped by the learned optimizer; f before and after.</summary>
    private static (double Before, double After) MinimizeAQuadratic(LearnedOptimizerModel model, int steps)
    {
        var generator = new Generator(5);
        var weights = randn(3, 3, generator: generator);
        var targets = randn(3, generator: generator);
        var theta = new TorchSharp.Modules.Parameter(zeros(3));
        Tensor Loss() => (weights.matmul(theta) - targets).pow(2).sum();
        using var optimizer = new LearnedOptimizer(model, [theta]);
        var before = Loss().item<float>();
        for (var step = 0; step < steps; step++)
        {
            optimizer.zero_grad();
            Loss().backward();
            optimizer.step();
        }

        return (before, Loss().item<float>());
    }

    [Fact]
    public async Task ACorruptCheckpointFailsTheRunWithoutBeingOverwritten()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 1);
        var folder = Path.Combine(harness.RunsFolder, "corrupt");
        Directory.CreateDirectory(folder);
        var checkpoint = Path.Combine(folder, "checkpoint.l2lckpt");
        File.WriteAllBytes(checkpoint, [0x93, 0x01]);

        var status = await harness.Coordinator("corrupt").GetStatusAsync();
        var error = await Assert.ThrowsAsync<InvalidRunException>(() => harness.Coordinator("corrupt").StartAsync(ClusterHarness.SmallRun("corrupt", 5)));

        Assert.Equal(RunState.Failed, status.State);
        Assert.Contains("checkpoint", status.Error, StringComparison.Ordinal);
        Assert.Contains("cannot be read", error.Reason, StringComparison.Ordinal);
        Assert.Equal([0x93, 0x01], File.ReadAllBytes(checkpoint));
    }

    [Fact]
    public async Task ARunWhoseCoordinatorDiedResumesWithoutAnyoneWatchingIt()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 3);
        await harness.Coordinator("unwatched").StartAsync(ClusterHarness.SmallRun("unwatched", iterations: Endless, checkpointEvery: 5));
        var before = await harness.WaitForAsync("unwatched", status => status.Iteration >= 7, Timeout);

        await harness.Cluster.KillSiloAsync(harness.SiloOf(before.CoordinatorSilo));

        // Only the checkpoint file is watched: the run's reminder must wake the coordinator on a live silo.
        var checkpoint = RunFolder.In(harness.RunsFolder, RunId.Parse("unwatched", "run")).CheckpointPath;
        var deadline = Stopwatch.StartNew();
        RunCheckpoint last;
        do
        {
            await Task.Delay(200);
            last = RunCheckpointFormat.Read(await File.ReadAllBytesAsync(checkpoint), checkpoint);
        }
        while (last.Iteration <= before.Iteration + 5 && deadline.Elapsed < Timeout);

        await harness.Coordinator("unwatched").StopAsync();
        Assert.True(last.Iteration > before.Iteration + 5, $"checkpoint at iteration {last.Iteration} of a run seen at {before.Iteration}, {last.State}: {last.Error}");
    }
}
