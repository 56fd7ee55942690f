using L2LCluster.Client.Clusters;
using L2LCluster.Contracts;
using L2LCluster.Runs;

namespace L2LCluster.Client.Tests;

/// <summary>A coordinator that resumes from its checkpoint on another silo is said so, with what was trained again.</summary>
public sealed class CoordinatorFailoverTests
{
    [Fact]
    public void ACoordinatorThatResumesFromItsCheckpointIsNamedWithTheIterationsTrainedAgain()
    {
        var failovers = new CoordinatorFailovers();

        Assert.Null(failovers.Observe(Status(iteration: 90, resumedFrom: null, silo: "a")));
        Assert.Null(failovers.Observe(Status(iteration: 138, resumedFrom: null, silo: "a")));
        var note = failovers.Observe(Status(iteration: 100, resumedFrom: 100, silo: "b"));
        Assert.Null(failovers.Observe(Status(iteration: 104, resumedFrom: 100, silo: "b")));
        Assert.Null(failovers.Observe(Status(iteration: 139, resumedFrom: 100, silo: "b")));

        Assert.Equal("The run's coordinator was lost and resumed on b from its checkpoint at iteration 100: 38 iteration(s) after it are trained again.", note);
        Assert.Equal(1, failovers.Count);
        Assert.Equal("; the coordinator resumed from its checkpoint 1 time(s), 38 iteration(s) trained again", failovers.Summary());
    }

    [Fact]
    public void ASecondFailoverToTheSameCheckpointIsCountedToo()
    {
        var failovers = new CoordinatorFailovers();
        failovers.Observe(Status(iteration: 120, resumedFrom: 100, silo: "b"));

        var note = failovers.Observe(Status(iteration: 100, resumedFrom: 100, silo: "c"));

        Assert.NotNull(note);
        Assert.Contains("20 iteration(s)", note, StringComparison.Ordinal);
        Assert.Equal(1, failovers.Count);
    }

    [Fact]
    public void FollowingARunThatResumedEarlierIsNoFailover()
    {
        var failovers = new CoordinatorFailovers();

        Assert.Null(failovers.Observe(Status(iteration: 100, resumedFrom: 100, silo: "b")));
        Assert.Null(failovers.Observe(Status(iteration: 101, resumedFrom: 100, silo: "b")));
        Assert.Equal("", failovers.Summary());
    }

    private static RunStatus Status(int iteration, int? resumedFrom, string silo) =>
        new(RunId.Parse("r", "RUN"), RunState.Running, iteration, 1000, iteration, 1, 1, 1, 1, [], [], 0, iteration / 50 * 50, resumedFrom, silo, null);
}
