using L2LCluster.Grains.Coordination;
using L2LCluster.Learning.Training;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Grains.Tests;

public sealed class RunCoreTests
{
    private static RunCore NewRun(int iterations = 10) =>
        RunCore.Start(TestRuns.Run(spec: TestRuns.LinearSpec with { Iterations = iterations, Horizon = 10, Unroll = 4 }), [1f, 2f], traceParent: null);

    private static MetaGradient Gradient(float first, float second, int steps = 4) => new([first, second], 3.0, 1.5, 4, steps, 8, IsFinite: true);

    [Fact]
    public void AStartingPhiOfAnotherLengthThanTheNetworksIsRefusedNamingTheField()
    {
        var error = Assert.Throws<InvalidSettingException>(() => RunCore.Start(TestRuns.Run(), [1f, 2f, 3f], null));

        Assert.Equal(SpecFields.InitialPhi, error.Setting);
    }

    [Fact]
    public void AnUpdateIsAdamsStepAndMovesTheIterationAndTheVersionOnByOne()
    {
        var run = NewRun();
        float[] expected = [1f, 2f];
        new MetaAdam(2, TestRuns.LinearSpec.LearningRate, null).Apply(expected, [0.5f, -0.25f]);

        var norm = run.Apply(Gradient(0.5f, -0.25f));

        Assert.Equal(expected, run.Phi);
        Assert.Equal(Math.Sqrt((0.5 * 0.5) + (0.25 * 0.25)), norm, 6);
        Assert.Equal((1, 1L, 3.0, 1.5), (run.Iteration, run.PhiVersion, run.MetaLoss, run.FinalLoss));
    }

    [Fact]
    public void TheProblemsStartANewEpisodeWhenTheyReachTheHorizon()
    {
        var run = NewRun();

        var reached = new[] { run.Advance(4), run.Advance(4), run.Advance(2) };

        Assert.Equal([4, 8, 10], reached);
        Assert.Equal((1L, 0), (run.Episode, run.StepInHorizon));
    }

    [Fact]
    public void ARunTakenUpFromItsCheckpointStandsWhereItStoodWithAFreshEpisode()
    {
        var run = NewRun();
        run.Apply(Gradient(0.5f, -0.25f));
        run.Advance(4);
        run.Assign(["w1", "w2"]);
        run.RecordDrop(new DroppedWorker("w2", 2, "its silo is gone"));
        run.RecordValidation(1, 0.75, run.Phi);

        var taken = RunCore.FromCheckpoint(RunCheckpointFormat.Read(RunCheckpointFormat.Write(run.Snapshot()), "checkpoint"));

        Assert.Equal(run.Phi, taken.Phi);
        Assert.Equal(run.Adam.FirstMoment, taken.Adam.FirstMoment);
        Assert.Equal(run.Adam.StepCount, taken.Adam.StepCount);
        Assert.Equal((1, 1L, RunState.Running, 1), (taken.Iteration, taken.PhiVersion, taken.State, taken.ResumedFromIteration));
        Assert.Equal((1L, 0), (taken.Episode, taken.StepInHorizon));
        Assert.Equal(["w1"], taken.Workers);
        Assert.Equal(run.Dropped, taken.Dropped);
        Assert.Equal(run.Best!.Phi, taken.Best!.Phi);
    }

    [Fact]
    public void ACompletedRunResumesOnlyWithMoreIterationsThanItHasDone()
    {
        var run = NewRun(iterations: 1);
        run.Apply(Gradient(0.5f, -0.25f));
        run.Finish(RunState.Completed);

        var unchanged = Assert.Throws<InvalidSettingException>(() => run.Resume(iterations: null));
        var reached = Assert.Throws<InvalidSettingException>(() => run.Resume(iterations: 1));
        run.Resume(iterations: 5);

        Assert.Equal((SpecFields.Iterations, SpecFields.Iterations), (unchanged.Setting, reached.Setting));
        Assert.Equal((RunState.Running, 5, 1), (run.State, run.Training.Iterations, run.ResumedFromIteration));
        Assert.True(run.HasIterationsLeft);
        Assert.Equal(5, run.Snapshot().Spec.Training.Iterations);
    }

    [Fact]
    public void AStoppedRunResumesFromAFreshEpisodeAndARunningOneCannotBeResumed()
    {
        var run = NewRun();
        Assert.Throws<InvalidOperationException>(() => run.Resume(null));
        run.Advance(4);
        run.Finish(RunState.Stopped);

        run.Resume(null);

        Assert.Equal((1L, 0, RunState.Running), (run.Episode, run.StepInHorizon, run.State));
        Assert.Null(run.Error);
    }

    [Fact]
    public void DropsLeaveTheEpisodesWorkersAndKeepOnlyTheLatestHistory()
    {
        var run = NewRun();
        run.Assign(["w1", "w2"]);

        for (var iteration = 1; iteration <= RunCheckpoint.DroppedHistory + 5; iteration++)
        {
            run.RecordDrop(new DroppedWorker("w2", iteration, "missed its deadline"));
        }

        Assert.Equal(["w1"], run.Workers);
        Assert.Equal(RunCheckpoint.DroppedHistory, run.Dropped.Count);
        Assert.Equal(6, run.Dropped[0].Iteration);
    }

    [Fact]
    public void TheRunsOptimizerHoldsItsBestValidatedPhiAndTheIterationItCameFrom()
    {
        var run = NewRun();
        run.Apply(Gradient(0.5f, -0.25f));
        float[] best = [.. run.Phi];
        run.RecordValidation(1, 0.5, run.Phi);
        run.Apply(Gradient(0.5f, -0.25f));
        run.RecordValidation(2, 0.9, run.Phi);
        run.RecordValidation(3, double.NaN, run.Phi);

        var file = OptimizerFile.Deserialize(run.OptimizerFile(), "run");

        Assert.Equal(best, file.Model.Parameters);
        Assert.Equal(1, file.Info.Iterations);
        Assert.NotEqual(best, run.Phi);
    }
}
