using L2LCluster.Grains.Coordination;

namespace L2LCluster.Grains.Tests;

public sealed class WorkerAssignmentTests
{
    [Fact]
    public void TheProblemsAreSplitAsEvenlyAsPossibleInKeyOrderAndCoverTheBatchOnce()
    {
        var assignments = WorkerAssignment.Split(["c", "a", "b"], problems: 8);

        Assert.Equal(["a", "b", "c"], assignments.Select(assignment => assignment.WorkerKey));
        Assert.Equal([3, 3, 2], assignments.Select(assignment => assignment.ProblemCount));
        Assert.Equal([0, 3, 6], assignments.Select(assignment => assignment.FirstProblem));
    }

    [Fact]
    public void MoreWorkersThanProblemsLeavesTheLastWorkersIdle()
    {
        var assignments = WorkerAssignment.Split(["d", "c", "b", "a"], problems: 2);

        Assert.Equal([("a", 0, 1), ("b", 1, 1)], assignments.Select(assignment => (assignment.WorkerKey, assignment.FirstProblem, assignment.ProblemCount)));
    }

    [Fact]
    public void NoWorkersGetNothing() => Assert.Empty(WorkerAssignment.Split([], problems: 5));
}
