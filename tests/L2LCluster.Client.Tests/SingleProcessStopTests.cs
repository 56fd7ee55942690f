using System.Text.RegularExpressions;

namespace L2LCluster.Client.Tests;

/// <summary><c>l2l stop RUN</c> on a run of the single-process engine, which has no cluster to call.</summary>
[Trait("Category", "Process")]
public sealed partial class SingleProcessStopTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AStopReachesTheSingleProcessTrainerWhichCheckpointsAndTheRunResumesFromThere()
    {
        var runs = _folder.File("runs");
        using var training = L2lConsole.Start("train", "--problem", "quadratic", "--engine", "single-process", "--iterations", "1000000", "--batch", "2", "--unroll", "5", "--horizon", "10", "--out", Path.Combine(runs, "solo"));
        using (var deadline = new CancellationTokenSource(Patience))
        {
            while (!training.OutputSoFar.Output.Contains("Run folder:", StringComparison.Ordinal))
            {
                await Task.Delay(100, deadline.Token);
            }
        }

        var stopped = L2lConsole.Run("stop", "solo", "--runs", runs);
        var trained = await training.WaitAsync(Patience);

        Assert.True(stopped.ExitCode == ExitCodes.Success, stopped.ToString());
        var iteration = int.Parse(StoppedAt().Match(stopped.Output) is { Success: true } match ? match.Groups[1].Value : "-1", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(iteration >= 0, stopped.Output);
        Assert.True(trained.ExitCode == ExitCodes.Cancelled, trained.ToString());
        Assert.Contains($"after {iteration} iterations", trained.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(runs, "solo", "stop.request")));

        var resumed = L2lConsole.Run("resume", "solo", "--runs", runs, "--iterations", (iteration + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), "--plain");
        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.ToString());
        Assert.Contains($"resumed from iteration {iteration} of {iteration + 3}", resumed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AStopOfALocalRunNoProcessTrainsSaysSoAndLeavesNoRequestBehind()
    {
        var runs = _folder.File("runs");
        var trained = L2lConsole.Run("train", "--problem", "quadratic", "--engine", "single-process", "--iterations", "2", "--batch", "2", "--out", Path.Combine(runs, "done"));
        Assert.True(trained.ExitCode == ExitCodes.Success, trained.ToString());

        var stopped = L2lConsole.Run("stop", "done", "--runs", runs);

        Assert.True(stopped.ExitCode == ExitCodes.InvalidInput, stopped.ToString());
        Assert.Equal("l2l: RUN: run 'done' is not running: no l2l process trains it.", stopped.Error.Trim());
        Assert.False(File.Exists(Path.Combine(runs, "done", "stop.request")));
    }

    [GeneratedRegex(@"Run solo stopped at iteration (\d+)")]
    private static partial Regex StoppedAt();
}
