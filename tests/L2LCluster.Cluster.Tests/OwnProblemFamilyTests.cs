using L2LCluster.Contracts;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using static TorchSharp.torch;

namespace L2LCluster.Cluster.Tests;

/// <summary>A family the silos' host registers on the silo builder is trained on the cluster; one nobody offers is refused.</summary>
public sealed class OwnProblemFamilyTests
{
    [Fact]
    public async Task AFamilyRegisteredOnEverySiloIsMetaTrainedAcrossThem()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2, families: options => options.Problems.Add(new ShiftedSquares()));
        var spec = TrainingSpecs.ForFamily(new ShiftedSquares(), new ProblemOptions()) with { Iterations = 4, Problems = 4, Unroll = 4, Horizon = 8, HiddenSizes = [4] };

        await harness.Coordinator("shifted").StartAsync(ClusterHarness.Run("shifted", spec));
        var status = await harness.WaitForAsync("shifted", run => run.IsFinished, TimeSpan.FromMinutes(2));

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(2, status.LiveWorkers.Select(WorkerKeys.SiloOf).Distinct().Count());
        Assert.Empty(status.DroppedWorkers);
    }

    [Fact]
    public async Task ARunNamingAFamilyNoSiloOffersIsRefusedWithTheFamiliesOnOffer()
    {
        await using var harness = await ClusterHarness.StartAsync(silos: 2, families: options => options.Problems.Add(new ShiftedSquares()));
        var spec = ClusterHarness.SmallTrainingSpec(iterations: 2, problems: 2) with { Problem = "no-such-family" };

        var error = await Assert.ThrowsAsync<InvalidRunException>(() => harness.Coordinator("unknown").StartAsync(ClusterHarness.Run("unknown", spec)));

        Assert.Equal(SpecFields.Problem, error.Setting);
        Assert.Equal("unknown problem 'no-such-family'; the live silos offer: cifar-conv, mnist-conv, mnist-mlp, neural-art, quadratic, shifted-squares, simple.", error.Reason);
    }

    /// <summary>f(θ) = ‖θ − c‖² with c drawn from the problem's seed: a family the library does not ship.</summary>
    private sealed class ShiftedSquares : IProblemFamily
    {
        public string Name => "shifted-squares";

        public int CoordinatesPerProblem => 3;

        public ProblemDefaults Defaults { get; } = new(GradientPreprocessing.LogAndSign(), 0.1, [4], ParameterInitialization.Uniform, 4, 8, 4, 0.003, 10);

        public IProblemBatch Sample(IReadOnlyList<ulong> problemSeeds, Device device)
        {
            var centres = problemSeeds.Select(seed => (float)(seed % 7) - 3f).SelectMany(centre => new[] { centre, -centre, centre / 2 }).ToArray();
            return new Batch(tensor(centres, [problemSeeds.Count, 3], device: device));
        }

        private sealed class Batch(Tensor centres) : IProblemBatch
        {
            public int ProblemCount => (int)centres.shape[0];

            public int CoordinatesPerProblem => 3;

            public Tensor InitialParameters() => zeros_like(centres);

            public Tensor Losses(Tensor parameters) => (parameters - centres).square().sum(1);

            public void Dispose() => centres.Dispose();
        }
    }
}
