using System.CommandLine;
using L2LCluster.Contracts;
using Spectre.Console;

namespace L2LCluster.Client.Progress;

/// <summary>Chooses how a followed run shows its progress: a live bar in a terminal, plain lines otherwise.</summary>
internal static class RunProgressDisplay
{
    public static Option<bool> Plain { get; } = new("--plain") { Description = "Plain progress lines instead of a live bar (the default when standard output is not a terminal)." };

    /// <summary>Runs <paramref name="follow"/> with a view that fits where standard output goes.</summary>
    public static async Task<RunStatus> ShowAsync(ParseResult result, RunStatus start, int? reportEvery, Func<IRunProgressView, Task<RunStatus>> follow)
    {
        if (result.GetValue(Plain) || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return await follow(new PlainRunProgressView(start, reportEvery));
        }

        return await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var view = new LiveRunProgressView(context.AddTask(Markup.Escape(start.RunId.Value), maxValue: start.Iterations));
                view.Update(start);
                return await follow(view);
            });
    }
}
