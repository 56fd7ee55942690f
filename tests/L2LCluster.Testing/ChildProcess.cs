using System.Diagnostics;
using System.Text;

namespace L2LCluster.Testing;

/// <summary>
/// A program running as a child process. Its output is collected line by line as it comes, so that a process that
/// hangs can still be diagnosed; dispose kills it, with its children, if it is still running.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();
    private readonly string _commandLine;

    public ChildProcess(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _commandLine = $"{program} {string.Join(' ', start.ArgumentList)}";
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, line) => Append(_output, line.Data);
        _process.ErrorDataReceived += (_, line) => Append(_error, line.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Everything the process has written so far.</summary>
    public ProcessResult OutputSoFar => Snapshot(-1);

    /// <summary>Waits for the process to end (and its output to be read); kills it when it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{_commandLine} did not finish in {timeout.TotalSeconds:F0} s; so far: {Snapshot(-1)}");
        }

        return Snapshot(_process.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private ProcessResult Snapshot(int exitCode)
    {
        lock (_output)
        {
            return new ProcessResult(exitCode, _output.ToString(), _error.ToString());
        }
    }

    private void Append(StringBuilder text, string? line)
    {
        // One lock for both streams: Snapshot reads them together.
        lock (_output)
        {
            if (line is not null)
            {
                text.AppendLine(line);
            }
        }
    }
}
