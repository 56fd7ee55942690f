using System.Diagnostics;
using System.Globalization;
using L2LCluster.Learning.Evaluation;
using Spectre.Console;

namespace L2LCluster.Client.Progress;

/// <summary>
/// Shows an evaluation's progress while it runs: a bar with the time left in a terminal, plain lines about every
/// 5 s elsewhere (on standard error when standard output carries JSON), as <c>train</c> does for a run.
/// </summary>
internal static class EvaluationProgressDisplay
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    /// <param name="title">What is evaluated, the bar's label.</param>
    /// <param name="json">Standard output carries JSON: progress goes to standard error, as plain lines.</param>
    /// <param name="work">The evaluation, given where to report.</param>
    public static T Show<T>(string title, bool json, Func<IProgress<EvaluationProgress>, T> work)
    {
        if (json || Console.IsOutputRedirected || !AnsiConsole.Profile.Capabilities.Interactive)
        {
            return work(new PlainLines(title, json ? Console.Error : Console.Out));
        }

        return AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: 1);
                return work(new Synchronous(report =>
                {
                    task.MaxValue = Math.Max(1, report.ProblemsTotal);
                    task.Value = report.ProblemsDone;
                    task.Description = Markup.Escape($"{title}: {report.Current}");
                }));
            });
    }

    /// <summary>Reports on the calling thread, in order (System.Progress would post them to the thread pool).</summary>
    private sealed class Synchronous(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }

    private sealed class PlainLines(string title, TextWriter output) : IProgress<EvaluationProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _lastLine = -PlainInterval;

        public void Report(EvaluationProgress value)
        {
            var finished = value.ProblemsDone == value.ProblemsTotal;
            if (_clock.Elapsed - _lastLine < PlainInterval && !finished)
            {
                return;
            }

            _lastLine = _clock.Elapsed;
            var share = value.ProblemsDone / (double)Math.Max(1, value.ProblemsTotal);
            var remaining = share > 0 ? TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds * (1 - share) / share) : (TimeSpan?)null;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{title}: {value.ProblemsDone}/{value.ProblemsTotal} problems optimized ({share * 100:F0}%), now {value.Current}  ETA {(remaining is { } left ? left.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--")}"));
        }
    }
}
