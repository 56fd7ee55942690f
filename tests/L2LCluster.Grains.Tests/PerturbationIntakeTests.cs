using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Tests;

public sealed class PerturbationIntakeTests
{
    private static ParticleAnswer Answer(double[] differences, long version = 3, double metaLoss = 4.0) =>
        new(version, FloatPayload.ToBytes(differences), metaLoss, 1.0, differences.Length / 2, 5, 60, TimeSpan.Zero);

    [Fact]
    public void EachWorkersDifferencesGoToItsParticlesAndAParticleNobodyAnsweredForIsLost()
    {
        var intake = new PerturbationIntake(3, particles: 4);

        Assert.Null(intake.Accept(Answer([0.5, 0, -0.25, 0.125]), [3, 0]));
        var truncation = intake.Truncation();

        Assert.Equal(1, intake.Accepted);
        Assert.Equal(-0.25, truncation.Differences[0]);
        Assert.Equal(0.125, truncation.Differences[1]);
        Assert.Equal(0.5, truncation.Differences[6]);
        Assert.All(truncation.Differences[2..6], value => Assert.True(double.IsNaN(value)));
        Assert.Equal((4.0, 2, 5, 60L), (truncation.MetaLossSum, truncation.FiniteParticles, truncation.Steps, truncation.Coordinates));
    }

    [Fact]
    public void AnAnswerOfAnotherVersionOrForOtherParticlesIsRejectedAndTakesNothing()
    {
        var intake = new PerturbationIntake(3, particles: 2);

        Assert.Contains("φ version 2", intake.Accept(Answer([1, 0], version: 2), [0]), StringComparison.Ordinal);
        Assert.Contains("for 2 particles", intake.Accept(Answer([1, 0]), [0, 1]), StringComparison.Ordinal);
        Assert.Contains("not finite", intake.Accept(Answer([1, 0], metaLoss: double.NaN), [1]), StringComparison.Ordinal);
        Assert.Equal(0, intake.Accepted);
        Assert.All(intake.Truncation().Differences, value => Assert.True(double.IsNaN(value)));
    }
}
