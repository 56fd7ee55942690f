using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Tests;

public sealed class RunFolderJournalTests : IDisposable
{
    private readonly TempFolder _store = new();

    public void Dispose() => _store.Dispose();

    private RunFolder NewFolder() => RunFolder.In(_store.Path, RunId.Parse("fenced", "RUN"));

    private static MetricsRow Row(int iteration) => new(iteration, FormattableString.Invariant($"{iteration},0,4,2.5,1,0.1,1,16,32,0.01,"));

    private static int[] RowIterations(RunFolder folder) => [.. File.ReadAllLines(folder.MetricsPath).Skip(1).Select(line => MetricsCsv.IterationOf(line)!.Value)];

    [Fact]
    public async Task EveryTakeUpHasANewerEpochThanAnyBefore()
    {
        var journal = new RunFolderJournal(NewFolder());

        var epochs = new[] { await journal.TakeUpAsync(CancellationToken.None), await journal.TakeUpAsync(CancellationToken.None), await new RunFolderJournal(NewFolder()).TakeUpAsync(CancellationToken.None) };

        Assert.Equal([1L, 2L, 3L], epochs.Select(takeUp => takeUp.Epoch));
    }

    [Fact]
    public async Task AWriteOfAnOlderEpochIsRefusedAndLeavesTheRunAsTheNewerWriterLeftIt()
    {
        var folder = NewFolder();
        var older = new RunFolderJournal(folder);
        var first = (await older.TakeUpAsync(CancellationToken.None)).Epoch;
        var newer = new RunFolderJournal(folder);
        var second = (await newer.TakeUpAsync(CancellationToken.None)).Epoch;
        await newer.WriteAsync(second, TestRuns.Checkpoint(iteration: 9), [Row(9)], CancellationToken.None);

        var error = await Assert.ThrowsAsync<RunFencedException>(() => older.WriteAsync(first, TestRuns.Checkpoint(iteration: 4), [Row(4)], CancellationToken.None));
        await Assert.ThrowsAsync<RunFencedException>(() => older.WriteOptimizerAsync(first, TestRuns.Run().RunId, [1, 2, 3], CancellationToken.None));

        Assert.Contains("epoch 2", error.Message, StringComparison.Ordinal);
        Assert.Equal(9, folder.ReadCheckpoint()!.Iteration);
        Assert.Equal([9], RowIterations(folder));
        Assert.False(File.Exists(folder.OptimizerPath));
    }

    [Fact]
    public async Task ARowAlreadyWrittenIsNotWrittenAgain()
    {
        var folder = NewFolder();
        var journal = new RunFolderJournal(folder);
        var epoch = (await journal.TakeUpAsync(CancellationToken.None)).Epoch;

        await journal.WriteAsync(epoch, TestRuns.Checkpoint(iteration: 2), [Row(1), Row(2)], CancellationToken.None);
        await journal.WriteAsync(epoch, TestRuns.Checkpoint(iteration: 3), [Row(2), Row(3)], CancellationToken.None);

        Assert.Equal([1, 2, 3], RowIterations(folder));
    }

    [Fact]
    public async Task ATakeUpDropsTheRowsPastTheCheckpointAndTheLeftoversOfAWriterThatWasKilled()
    {
        var folder = NewFolder();
        var killed = new RunFolderJournal(folder);
        await killed.WriteAsync((await killed.TakeUpAsync(CancellationToken.None)).Epoch, TestRuns.Checkpoint(iteration: 2), [Row(1), Row(2)], CancellationToken.None);
        // Killed after appending the next rows, before its checkpoint's rename: its temporary file is still there.
        File.AppendAllLines(folder.MetricsPath, [Row(3).Text, Row(4).Text]);
        var leftover = Path.Combine(folder.Path, $".checkpoint.l2lckpt.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(leftover, [1, 2, 3]);

        var takeUp = await new RunFolderJournal(folder).TakeUpAsync(CancellationToken.None);

        Assert.Equal(2, takeUp.Checkpoint!.Iteration);
        Assert.Equal([1, 2], RowIterations(folder));
        Assert.False(File.Exists(leftover));
    }

    [Fact]
    public async Task SpecJsonFollowsTheCheckpointsSpecWhenAResumeChangesIt()
    {
        var folder = NewFolder();
        var journal = new RunFolderJournal(folder);
        var epoch = (await journal.TakeUpAsync(CancellationToken.None)).Epoch;
        await journal.WriteAsync(epoch, TestRuns.Checkpoint(), [], CancellationToken.None);
        var longer = TestRuns.Checkpoint() with { Spec = TestRuns.Run(spec: TestRuns.LinearSpec with { Iterations = 40 }) };

        await journal.WriteAsync(epoch, longer, [], CancellationToken.None);

        Assert.Equal(40, folder.ReadSpec().Iterations);
    }
}
