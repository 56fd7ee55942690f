using L2LCluster.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace L2LCluster.Cluster.Tests;

[Trait("Category", "Cluster")]
public sealed class PoisonedGradientTests
{
    [Fact]
    public async Task NonFiniteStaleAndMisshapenGradientsAreRejectedCountedAndNeverApplied()
    {
        var poison = new GradientPoison();
        await using var harness = await ClusterHarness.StartAsync(silos: 3, configure: services => services.AddSingleton<IIncomingGrainCallFilter>(poison));

        await harness.Coordinator("poisoned").StartAsync(ClusterHarness.SmallRun("poisoned", iterations: 12));
        var status = await harness.WaitForAsync("poisoned", status => status.IsFinished, TimeSpan.FromMinutes(3));

        Assert.Equal(RunState.Completed, status.State);
        Assert.Equal(3, status.RejectedGradients);
        Assert.Contains(status.DroppedWorkers, dropped => dropped.Iteration == 3 && dropped.Reason.Contains("not finite", StringComparison.Ordinal));
        Assert.Contains(status.DroppedWorkers, dropped => dropped.Iteration == 4 && dropped.Reason.Contains("φ version", StringComparison.Ordinal));
        Assert.Contains(status.DroppedWorkers, dropped => dropped.Iteration == 5 && dropped.Reason.Contains("gradient bytes", StringComparison.Ordinal));
        Assert.All((await harness.OptimizerAsync("poisoned")).Parameters, value => Assert.True(float.IsFinite(value)));
    }
}
