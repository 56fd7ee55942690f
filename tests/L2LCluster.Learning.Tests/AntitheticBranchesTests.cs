using L2LCluster.Learning.Training;

namespace L2LCluster.Learning.Tests;

public sealed class AntitheticBranchesTests
{
    [Fact]
    public void EachParticleGetsPhiPlusThenMinusSigmaTimesItsOwnWindowOfTheIterationsNoise()
    {
        float[] phi = [0.5f, -1f, 2f];
        const ulong noiseSeed = 42;

        var rows = new AntitheticBranches(sigma: 0.1).Of(phi, noiseSeed, [3, 7]);

        Assert.Equal(12, rows.Length);
        foreach (var (particle, index) in new[] { (3, 0), (7, 1) })
        {
            var noise = PerturbationNoise.Of(noiseSeed, particle, phi.Length).ToArray();
            Assert.Equal(phi.Zip(noise, (value, z) => value + (0.1f * z)), rows.AsSpan(2 * index * 3, 3).ToArray());
            Assert.Equal(phi.Zip(noise, (value, z) => value - (0.1f * z)), rows.AsSpan(((2 * index) + 1) * 3, 3).ToArray());
        }
    }

    [Fact]
    public void TheRowsAreReusedWhileTheirSizeHoldsAndReplacedWhenItChanges()
    {
        var branches = new AntitheticBranches(sigma: 0.01);
        float[] phi = [1f, 2f];

        var first = branches.Of(phi, 1, [0]);
        var second = branches.Of(phi, 2, [5]);
        var third = branches.Of(phi, 2, [0, 5]);

        Assert.Same(first, second);
        Assert.NotSame(second, third);
        Assert.Equal(8, third.Length);
    }
}
