using System.Text.RegularExpressions;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Tests;

/// <summary>
/// A run on the embedded cluster as a user lives with it: watched from another terminal, listed, stopped with
/// Ctrl-C (a final checkpoint), and resumed to the end.
/// </summary>
/// <remarks>
/// The run asks for more iterations than any machine gets through while the test looks at it, so it is still running
/// when it is listed and stopped, however fast the machine; the resume then gives it a total it reaches soon.
/// </remarks>
[Trait("Category", "Process")]
public sealed class LiveRunTests : IDisposable
{
    private const int Iterations = 1_000_000;
    private const int IterationsAfterResume = 30;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private readonly TempFolder _folder = new();

    private string Runs => _folder.File("runs");

    private string Run(string file = "") => Path.Combine(Runs, "live", file);

    [Fact]
    public async Task WatchShowsLiveProgressInATerminalAndPlainLinesInAPipeAndCtrlCStopsTheRunWithACheckpointThatResumeFinishes()
    {
        using var train = L2lConsole.Start("train", "--problem", "quadratic", "--iterations", $"{Iterations}", "--batch", "2", "--unroll", "5", "--horizon", "10",
            "--checkpoint-every", "1000", "--out", Run());
        await WaitForLiveRunAsync(train);
        using var piped = L2lConsole.Start("watch", "live", "--runs", Runs);
        int stoppedAt;

        using (var terminal = new TmuxPane($"dotnet '{Path.Combine(AppContext.BaseDirectory, "l2l.dll")}' watch live --runs '{Runs}'"))
        {
            await terminal.WaitForAsync(
                new Regex($@"live \d+/{Iterations} +meta-loss \S+ +[0-9.]+ it/s +\d+ problem-steps/s +workers 1 live, 0 dropped +ETA [0-9:.]+ .*\d+%"), Patience);
            var runs = L2lConsole.Run("runs", "--runs", Runs);
            Assert.True(Regex.IsMatch(runs.Output, $@"(?m)^live +running +\d+/{Iterations} +[0-9.]+ +1 live, 0 dropped +l2l process \d+$"), runs.ToString());

            await WaitForOutputAsync(piped, new Regex($@"(?m)^iter +\d+/{Iterations} +meta-loss"));
            train.Interrupt();
            var stopped = await train.WaitAsync(Patience);

            Assert.True(stopped.ExitCode == ExitCodes.Cancelled, stopped.ToString());
            Assert.Contains("Stopping after the current iteration", stopped.Output, StringComparison.Ordinal);
            stoppedAt = int.Parse(Regex.Match(stopped.Output, @"Run live stopped after (\d+) iterations").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(stoppedAt, 1, Iterations - 1);
            // Watch reports the stop from the run, or, when the training process has already gone, from its folder.
            var stoppedLine = new Regex($@"Run live (is not running: )?stopped at iteration {stoppedAt}/{Iterations}");
            await terminal.WaitForAsync(stoppedLine, Patience);
            Assert.Matches($@"(?m)^state +stopped$[\s\S]*^iteration +{stoppedAt} of {Iterations}$", L2lConsole.Run("inspect", Run("checkpoint.l2lckpt")).Output);
            Assert.Equal(stoppedAt, OptimizerFile.Load(Run("optimizer.l2lopt")).Info.Iterations);
            var watched = await piped.WaitAsync(Patience);
            Assert.True(watched.ExitCode == 0, watched.ToString());
            Assert.Matches(stoppedLine, watched.Output);
            Assert.DoesNotContain("\u001b[", watched.Output, StringComparison.Ordinal);
        }

        var total = stoppedAt + IterationsAfterResume;
        var resumed = L2lConsole.Run("resume", "live", "--runs", Runs, "--iterations", $"{total}");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Matches($@"Run live resumed from iteration {stoppedAt} of {total} on the embedded cluster", resumed.Output);
        Assert.Matches($@"(?m)^state +completed$[\s\S]*^iteration +{total} of {total}$", L2lConsole.Run("inspect", Run("checkpoint.l2lckpt")).Output);
        Assert.Equal(total, OptimizerFile.Load(Run("optimizer.l2lopt")).Info.Iterations);
        Assert.Equal(total, SpecJson.Deserialize(File.ReadAllText(Run("spec.json")), "spec.json").Iterations);
        Assert.False(File.Exists(Run("embedded-cluster.json")));
    }

    /// <summary>Until the training process has its cluster up and its run started.</summary>
    private async Task WaitForLiveRunAsync(ChildProcess train)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!(File.Exists(Run("embedded-cluster.json")) && File.Exists(Run("spec.json"))))
        {
            Assert.False(train.HasExited || clock.Elapsed > Patience, $"the run did not start: {train.OutputSoFar}");
            await Task.Delay(100);
        }
    }

    private static async Task WaitForOutputAsync(ChildProcess process, Regex pattern)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!pattern.IsMatch(process.OutputSoFar.Output))
        {
            Assert.False(process.HasExited || clock.Elapsed > Patience, $"'{pattern}' did not show: {process.OutputSoFar}");
            await Task.Delay(100);
        }
    }

    public void Dispose() => _folder.Dispose();
}
