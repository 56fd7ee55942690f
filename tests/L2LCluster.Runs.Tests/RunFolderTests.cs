using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Tests;

public sealed class RunFolderTests : IDisposable
{
    private readonly TempFolder _store = new();

    public void Dispose() => _store.Dispose();

    private RunFolder Folder() => RunFolder.In(_store.Path, RunId.Parse("checkpointed", "RUN"));

    private static MetricsRow Row(int iteration, double metaLoss = 4.5) =>
        new(iteration, FormattableString.Invariant($"{iteration},2,20,{metaLoss},1.5,0.1,1,40,80,0.01,"));

    private static async Task WriteAsync(RunFolder folder, RunCheckpoint checkpoint, params MetricsRow[] rows)
    {
        var journal = new RunFolderJournal(folder);
        await journal.WriteAsync((await journal.TakeUpAsync(CancellationToken.None)).Epoch, checkpoint, rows, CancellationToken.None);
    }

    [Fact]
    public async Task AFolderIsSummarizedByItsCheckpointNotByItsOptimizersIteration()
    {
        var folder = Folder();
        var checkpoint = TestRuns.Checkpoint(new BestOptimizer(3, 0.25, [5f, 6f]), RunState.Completed, iteration: 10);
        folder.WriteOptimizer(checkpoint.OptimizerFile());
        await WriteAsync(folder, checkpoint, Row(10));

        var summary = folder.Summarize();

        Assert.Equal(("completed", 10, 10, 4.5), (summary.State, summary.Iteration, summary.Iterations, summary.MetaLoss));
    }

    [Fact]
    public async Task ARunningCheckpointThatNoProcessTrainsIsInterrupted()
    {
        var folder = Folder();
        await WriteAsync(folder, TestRuns.Checkpoint());

        Assert.Equal(RunFolderSummary.Interrupted, folder.Summarize().State);
    }

    [Fact]
    public void AFolderWithoutACheckpointIsSummarizedByItsMetricsRows()
    {
        var folder = Folder();
        folder.WriteSpec(TestRuns.LinearSpec);
        File.WriteAllLines(folder.MetricsPath, [MetricsCsv.Header, Row(4).Text]);
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
        File.WriteAllBytes(folder.CheckpointPath, [0x93, 0x01]);

        var summary = folder.Summarize();

        Assert.Equal(RunFolderSummary.Unreadable, summary.State);
        Assert.Contains(folder.CheckpointPath, summary.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOptimizerOfAFolderIsMadeFromItsCheckpointWhenItHasOne()
    {
        var folder = Folder();
        var checkpoint = TestRuns.Checkpoint(new BestOptimizer(3, 0.25, [5f, 6f]));
        folder.WriteOptimizer(OptimizerFile.OfRun(checkpoint.Spec.Training, [9f, 9f], null, 1));
        await WriteAsync(folder, checkpoint);

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
