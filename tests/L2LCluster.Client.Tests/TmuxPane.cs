using System.Diagnostics;
using System.Text.RegularExpressions;

namespace L2LCluster.Client.Tests;

/// <summary>
/// A command running in a real terminal: a detached tmux session on a server of its own (so it never touches
/// anyone else's tmux), whose screen can be captured as a user would see it.
/// </summary>
internal sealed class TmuxPane : IDisposable
{
    private readonly string _socket = $"l2l-tests-{Guid.NewGuid():N}";

    public TmuxPane(string command, int width = 160, int height = 24)
    {
        // The pane stays after the command ends, so its last screen can still be read.
        Require(Tmux("-f", "/dev/null", "new-session", "-d", "-s", "l2l", "-x", $"{width}", "-y", $"{height}", command, ";", "set-option", "-t", "l2l", "remain-on-exit", "on"));
    }

    /// <summary>The screen's text now.</summary>
    public string Capture() => Require(Tmux("capture-pane", "-p", "-t", "l2l"));

    /// <summary>Captures the screen until <paramref name="pattern"/> shows on it; fails with the last screen after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForAsync(Regex pattern, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var screen = Capture();
        while (!pattern.IsMatch(screen))
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"'{pattern}' did not show in {timeout.TotalSeconds:F0} s; the screen:{Environment.NewLine}{screen}");
            }

            await Task.Delay(250);
            screen = Capture();
        }

        return screen;
    }

    /// <summary>Ends the session and its server; one that already ended is fine.</summary>
    public void Dispose() => Tmux("kill-server");

    private static string Require((int ExitCode, string Output, string Error) result) =>
        result.ExitCode == 0 ? result.Output : throw new InvalidOperationException($"tmux failed: {result.Error}");

    private (int ExitCode, string Output, string Error) Tmux(params string[] arguments)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var tmux = Process.Start(start)!;
        var output = tmux.StandardOutput.ReadToEndAsync();
        var error = tmux.StandardError.ReadToEnd();
        tmux.WaitForExit();
        return (tmux.ExitCode, output.Result, error);
    }
}
