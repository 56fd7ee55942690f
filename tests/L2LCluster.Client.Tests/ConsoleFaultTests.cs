namespace L2LCluster.Client.Tests;

/// <summary>What the console does when something goes wrong around it: one line, a documented exit code, nothing lost.</summary>
[Trait("Category", "Process")]
public sealed class ConsoleFaultTests(TrainedRun run) : IClassFixture<TrainedRun>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task OfTwoResumesOfOneLocalRunStartedTogetherOneTrainsItAndTheOtherIsRefused()
    {
        var runs = _folder.File("runs");
        var trained = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "2", "--batch", "2", "--unroll", "5", "--horizon", "10", "--out", Path.Combine(runs, "twice"));
        Assert.True(trained.ExitCode == 0, trained.ToString());

        using var first = L2lConsole.Start("resume", "twice", "--runs", runs, "--iterations", "1000000", "--plain");
        using var second = L2lConsole.Start("resume", "twice", "--runs", runs, "--iterations", "1000000", "--plain");
        var (firstEnd, secondEnd) = (first.WaitAsync(Patience), second.WaitAsync(Patience));
        var refused = await Task.WhenAny(firstEnd, secondEnd);
        var winner = refused == firstEnd ? second : first;
        using (var deadline = new CancellationTokenSource(Patience))
        {
            while (!winner.OutputSoFar.Output.Contains("resumed from iteration", StringComparison.Ordinal))
            {
                await Task.Delay(100, deadline.Token);
            }
        }

        var stopped = L2lConsole.Run("stop", "twice", "--runs", runs);
        var results = new[] { await firstEnd, await secondEnd };

        Assert.True(stopped.ExitCode == 0, stopped.ToString());
        var loser = await refused;
        Assert.True(loser.ExitCode == ExitCodes.InvalidInput, loser.ToString());
        Assert.Equal("l2l: RUN: run 'twice' is already running in another l2l process; watch it with 'l2l watch twice'.", loser.Error.Trim());
        Assert.Single(results, result => result.ExitCode == ExitCodes.Cancelled);
    }

    [Fact]
    public void AResumeIntoAFileOrAFolderThatHoldsFilesIsRefusedAndOverwritesNothing()
    {
        var file = _folder.File("keep.txt");
        File.WriteAllText(file, "mine");
        var folder = Directory.CreateDirectory(_folder.File("taken")).FullName;
        File.WriteAllText(Path.Combine(folder, "optimizer.l2lopt"), "mine too");

        var intoFile = L2lConsole.Run("resume", TrainedRun.Name, "--runs", run.Runs, "--iterations", "7", "--out", file);
        var intoFolder = L2lConsole.Run("resume", TrainedRun.Name, "--runs", run.Runs, "--iterations", "7", "--out", folder);

        Assert.True(intoFile.ExitCode == ExitCodes.InvalidInput, intoFile.ToString());
        Assert.StartsWith("l2l: --out: ", intoFile.Error, StringComparison.Ordinal);
        Assert.Contains("is a file", intoFile.Error, StringComparison.Ordinal);
        Assert.True(intoFolder.ExitCode == ExitCodes.InvalidInput, intoFolder.ToString());
        Assert.Contains("already holds files", intoFolder.Error, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(file));
        Assert.Equal("mine too", File.ReadAllText(Path.Combine(folder, "optimizer.l2lopt")));
    }

    [Fact]
    public void ARunNameOfThreeHundredCharactersIsRefusedInOneLine()
    {
        var result = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "1", "--out", Path.Combine(_folder.Path, new string('r', 300)));

        Assert.True(result.ExitCode == ExitCodes.InvalidInput, result.ToString());
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("l2l: --out: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderThatCannotBeWrittenIsOneLineAndExitCodeOneNotACrash()
    {
        var result = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "1", "--batch", "1", "--out", "/proc/l2l-cannot-be-written");

        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("l2l: ", line, StringComparison.Ordinal);
    }
}
