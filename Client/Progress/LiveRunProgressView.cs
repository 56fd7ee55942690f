using L2LCluster.Contracts;
using Spectre.Console;

namespace L2LCluster.Client.Progress;

/// <summary>A Spectre progress bar redrawn in place, its description carrying the run's figures.</summary>
internal sealed class LiveRunProgressView(ProgressTask task) : IRunProgressView
{
    public void Update(RunStatus status)
    {
        task.MaxValue = status.Iterations;
        task.Value = status.Iteration;
        task.Description = Markup.Escape(RunProgressText.Describe(status));
    }

    public void Note(string message) => AnsiConsole.WriteLine(message);
}
