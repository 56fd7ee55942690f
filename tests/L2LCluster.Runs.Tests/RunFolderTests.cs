using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Tests;

public sealed class RunFolderTests : IDisposable
{
    private readonly TempFolder _store = new();

    public void Dispose() => _store.Dispose();

    private RunFolder Folder() => RunFolder.In(_store.Path, RunId.Parse("checkpointed", "RUN"));

    [Fact]
    public void AFolderIsSummarizedByItsCheckpointNotByItsOptimizersIteration()
    {
        var folder = Folder();
        var checkpoint = TestRuns.Checkpoint(new BestOptimizer(3, 0.25, [5f, 6f]), RunState.Completed, iteration: 10);
        folder.WriteSpec(checkpoint.Spec.Training);
        folder.WriteOptimizer(checkpoint.OptimizerFile());
        folder.WriteCheckpoint(checkpoint);
        folder.AppendMetrics(["10,2,20,4.5,1.5,0.1,1,40,80,0.01,"]);

        var summary = folder.Summarize();

        Assert.Equal(("completed", 10, 10, 4.5), (summary.State, summary.Iteration, summary.Iterations, summary.MetaLoss));
    }

    [Fact]
    public void ARunningCheckpointThatNoProcessTrainsIsInterrupted()
    {
        var folder = Folder();
        folder.WriteSpec(TestRuns.LinearSpec);
        folder.WriteCheckpoint(TestRuns.Checkpoint());

        Assert.Equal(RunFolderSummary.Interrupted, folder.Summarize().State);
    }

    [Fact]
    public void AFolderWithoutACheckpointIsSummarizedByItsMetricsRows()
    {
        var folder = Folder();
        folder.WriteSpec(TestRuns.LinearSpec);
        folder.AppendMetrics(["4,1,0,2.5,1,0.1,1,16,32,0.01,"]);
        var incomplete = folder.Summarize();
        folder.WriteOptimizer(OptimizerFile.OfRun(TestRuns.LinearSpec, [1f, 2f], null, 4));

        Assert.Equal((RunFolderSummary.Incomplete, 4), (incomplete.State, incomplete.Iteration));
        Assert.Equal(("stopped", 4, 10), (folder.Summarize().State, folder.Summarize().Iteration, folder.Summarize().Iterations));
    }

    [Fact]
    public void ADamagedCheckpointMakesTheFolderUnreadableNamingTheFile()
    {
        var folder = Folder();
        folder.WriteSpec(TestRuns.LinearSpec);
        Directory.CreateDirectory(folder.Path);
        File.WriteAllBytes(folder.CheckpointPath, [0x93, 0x01]);

        var summary = folder.Summarize();

        Assert.Equal(RunFolderSummary.Unreadable, summary.State);
        Assert.Contains(folder.CheckpointPath, summary.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheOptimizerOfAFolderIsMadeFromItsCheckpointWhenItHasOne()
    {
        var folder = Folder();
        var checkpoint = TestRuns.Checkpoint(new BestOptimizer(3, 0.25, [5f, 6f]));
        folder.WriteSpec(checkpoint.Spec.Training);
        folder.WriteOptimizer(OptimizerFile.OfRun(checkpoint.Spec.Training, [9f, 9f], null, 1));
        folder.WriteCheckpoint(checkpoint);

        Assert.Equal([5f, 6f], OptimizerFile.Deserialize(folder.Optimizer(), "export").Model.Parameters);
    }

    [Fact]
    public void ANewRunFolderMustBeAbsentOrEmpty()
    {
        var folder = Folder();
        RunFolder.New(folder.Path, "--out");
        folder.WriteSpec(TestRuns.LinearSpec);

        var error = Assert.Throws<InvalidSettingException>(() => RunFolder.New(folder.Path, "--out"));

        Assert.Equal("--out", error.Setting);
        Assert.Contains("already holds files", error.Reason, StringComparison.Ordinal);
    }
}
