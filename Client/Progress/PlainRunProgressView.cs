using L2LCluster.Contracts;

namespace L2LCluster.Client.Progress;

/// <summary>Progress as plain lines at a steady pace: for logs, pipes and <c>--plain</c>.</summary>
internal sealed class PlainRunProgressView(RunStatus start, int? reportEvery) : IRunProgressView
{
    private readonly ProgressPrinter _printer = new(start.Iterations, reportEvery, start.Iteration);

    public void Update(RunStatus status) =>
        _printer.Report(status.Iteration, status.MetaLoss, status.FinalLoss, RunProgressText.Throughput(status));

    public void Note(string message) => Console.WriteLine(message);
}
