using System.Runtime.InteropServices;
using System.Security.Cryptography;
using L2LCluster.Hosting;
using L2LCluster.Learning.Problems;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;
using Microsoft.Extensions.DependencyInjection;
using static TorchSharp.torch;

namespace L2LCluster.Cluster.Tests;

/// <summary>
/// What a redesign must not change: for a fixed seed, 20 meta-iterations give the very same φ, to the bit, in the
/// single-process trainer and on the embedded cluster, as they gave before the run got its one home.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class GoldenPhiTests
{
    /// <summary>SHA-256 of φ's float32 bytes, pinned on main before the redesign (3fc8f24), for both engines.</summary>
    private const string PinnedPhi = "5823b8ecf89f7d14847aa795290dc0ce2e5d487efcf13431edfa8f2efaeb840c";

    private static readonly QuadraticProblems Family = new();

    private static MetaTrainingSpec Spec => TrainingSpecs.ForFamily(Family) with { Iterations = 20, Problems = 32, Seed = 20261201 };

    [Fact]
    public void TheSingleProcessTrainerReachesThePinnedPhi()
    {
        using var trainer = new MetaTrainer(Spec, Family, CPU);
        while (!trainer.IsComplete)
        {
            trainer.Step();
        }

        Assert.Equal(PinnedPhi, Hash(trainer.Phi));
    }

    [Fact]
    public async Task TheEmbeddedClusterReachesThePinnedPhi()
    {
        using var runs = new TempFolder();
        using var host = await EmbeddedSilo.StartAsync(runs.Path, "cpu", threads: 1);
        var coordinator = host.Services.GetRequiredService<IGrainFactory>().GetGrain<Contracts.ICoordinatorGrain>("golden");

        await coordinator.StartAsync(new RunSpec(RunId.Parse("golden", "run"), Spec, 1000, TimeSpan.FromMinutes(5)));
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!(await coordinator.GetStatusAsync()).IsFinished)
        {
            await Task.Delay(50, deadline.Token);
        }

        var phi = OptimizerFile.Deserialize((await coordinator.GetOptimizerFileAsync())!, "golden").Model.Parameters;
        await host.StopAsync();
        Assert.Equal(PinnedPhi, Hash(phi));
    }

    private static string Hash(float[] phi) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(phi.AsSpan())));
}
