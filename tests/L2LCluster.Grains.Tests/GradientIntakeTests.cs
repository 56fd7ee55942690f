using L2LCluster.Contracts;
using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;

namespace L2LCluster.Grains.Tests;

public sealed class GradientIntakeTests
{
    private static WorkerGradient Answer(float[] gradient, int problems, long version = 3, double loss = 2.0, bool isFinite = true) =>
        new("worker", version, FloatPayload.ToBytes(gradient), loss, loss / 2, problems, 5, 10, isFinite, TimeSpan.Zero);

    [Fact]
    public void TheAverageIsWeightedByEachAnswersProblems()
    {
        var intake = new GradientIntake(3, 3, 2);

        Assert.Null(intake.Accept(Answer([1f, 0f], problems: 1, loss: 1.0)));
        Assert.Null(intake.Accept(Answer([4f, 3f], problems: 3, loss: 5.0)));
        var average = intake.Average();

        Assert.Equal(2, intake.Accepted);
        Assert.Equal([3.25f, 2.25f], average.Gradient);
        Assert.Equal(4.0, average.MetaLoss, 12);
        Assert.Equal(4, average.ProblemCount);
    }

    [Theory]
    [InlineData(2L, "φ version 2")]
    [InlineData(4L, "φ version 4")]
    public void AGradientOfAnotherVersionIsRejectedAndLeavesTheSumAlone(long version, string reason)
    {
        var intake = new GradientIntake(3, 3, 2);
        intake.Accept(Answer([1f, 1f], problems: 1));

        Assert.Contains(reason, intake.Accept(Answer([9f, 9f], problems: 1, version)), StringComparison.Ordinal);
        Assert.Equal([1f, 1f], intake.Average().Gradient);
    }

    [Fact]
    public void AnAsynchronousWindowAcceptsEveryVersionWithinIt()
    {
        var intake = new GradientIntake(1, 3, 2);

        Assert.All(new[] { 1L, 2L, 3L }, version => Assert.Null(intake.Accept(Answer([1f, 1f], 1, version))));
        Assert.Contains("expected 1 to 3", intake.Accept(Answer([1f, 1f], 1, 0)), StringComparison.Ordinal);
    }

    [Fact]
    public void AGradientOfTheWrongLengthIsRejected() =>
        Assert.Contains("12 gradient bytes, expected 8", new GradientIntake(3, 3, 2).Accept(Answer([1f, 1f, 1f], 1)), StringComparison.Ordinal);

    [Theory]
    [InlineData(float.NaN, 2.0, true, 1)]
    [InlineData(float.PositiveInfinity, 2.0, true, 1)]
    [InlineData(1f, double.NaN, true, 1)]
    [InlineData(1f, 2.0, false, 1)]
    [InlineData(1f, 2.0, true, 0)]
    public void ANonFiniteOrEmptyAnswerIsRejected(float value, double loss, bool isFinite, int problems)
    {
        var intake = new GradientIntake(3, 3, 2);

        Assert.Contains("not finite", intake.Accept(Answer([value, 1f], problems, loss: loss, isFinite: isFinite)), StringComparison.Ordinal);
        Assert.Equal(0, intake.Accepted);
    }
}
