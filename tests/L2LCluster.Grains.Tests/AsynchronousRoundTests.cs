using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Tests;

public sealed class AsynchronousRoundTests
{
    private static WorkerGradient Answer(long version) => new("worker", version, FloatPayload.ToBytes([1f, 1f]), 1, 1, 1, 5, 10, true, TimeSpan.Zero);

    [Fact]
    public void ARoundAcceptsGradientsUpToItsStalenessBoundAndCarriesPhiAsItsBytes()
    {
        float[] phi = [1f, 2f];
        var round = new AsynchronousRound(new AsynchronousMode(MaxStaleness: 2, GradientsPerUpdate: 3), 3, phiVersion: 5, phi);

        Assert.Equal(FloatPayload.ToBytes(phi), round.PhiBytes);
        Assert.Null(round.Intake.Accept(Answer(3)));
        Assert.NotNull(round.Intake.Accept(Answer(2)));
    }

    [Fact]
    public void ARestartAfterAnUpdateTakesPhisNewBytesAndMovesTheWindow()
    {
        float[] phi = [1f, 2f];
        var round = new AsynchronousRound(new AsynchronousMode(MaxStaleness: 0, GradientsPerUpdate: 1), 1, phiVersion: 5, phi);
        round.Intake.Accept(Answer(5));
        phi[0] = 7f;

        round.Restart(phiVersion: 6);

        Assert.Equal(FloatPayload.ToBytes([7f, 2f]), round.PhiBytes);
        Assert.Equal(0, round.Intake.Accepted);
        Assert.NotNull(round.Intake.Accept(Answer(5)));
        Assert.Null(round.Intake.Accept(Answer(6)));
    }
}
