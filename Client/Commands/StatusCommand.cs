using System.CommandLine;
using System.Globalization;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Output;
using L2LCluster.Client.Runs;
using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Commands;

/// <summary><c>l2l status RUN</c>: where a run stands, on a cluster or in the local run store (table or JSON). Needs no libtorch.</summary>
internal sealed class StatusCommand
{
    private readonly Argument<string> _run = new("RUN") { Description = "The run's name." };
    private readonly Option<string?> _format = new("--format") { Description = "table or json." };

    public Command Build()
    {
        var command = new Command("status", "Show a run's state, progress, workers and dropped workers (a run on a cluster, or in the local run store).") { _run, _format };
        RunLocation.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var json = ConsoleJson.IsJson(result.GetValue(_format), _format.Name);
        var runId = RunLocation.Run(result, _run);
        await using var cluster = await RunLocation.ConnectAsync(result, runId, cancellation);
        if (cluster is null)
        {
            var folder = RunLocation.LocalFolder(result, runId).Summarize();
            Console.Write(json ? ConsoleJson.Serialize(folder) : Table(folder));
            return ExitCodes.Success;
        }

        var status = await cluster.Coordinator(runId).GetStatusAsync();
        InvalidSettingException.ThrowUnless(status.State != RunState.Unknown, "RUN", $"the {cluster.Description} has no run named '{runId}'.");
        Console.Write(json ? ConsoleJson.Serialize(status) : Table(status));
        return ExitCodes.Success;
    }

    private static string Table(RunFolderSummary folder) => string.Create(CultureInfo.InvariantCulture,
        $"run {folder.RunId}: {folder.State} (not running), iteration {folder.Iteration}/{folder.Iterations}, meta-loss {(folder.MetaLoss is { } loss ? loss.ToString("G5", CultureInfo.InvariantCulture) : "-")}{Environment.NewLine}folder {folder.Path}{Environment.NewLine}{(folder.Error is { } error ? $"error: {error}{Environment.NewLine}" : "")}");

    private static string Table(RunStatus status)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"run {status.RunId}: {status.State.ToString().ToLowerInvariant()}, iteration {status.Iteration}/{status.Iterations}, φ version {status.PhiVersion}"),
            string.Create(CultureInfo.InvariantCulture, $"meta-loss {status.MetaLoss:G5}, final loss {status.FinalLoss:G5}, {status.IterationsPerSecond:F2} it/s, {status.ProblemStepsPerSecond:F0} problem-steps/s"),
            $"coordinator on {status.CoordinatorSilo}; last checkpoint at iteration {status.LastCheckpointIteration}{(status.ResumedFromIteration is { } resumed ? $"; resumed from iteration {resumed}" : "")}",
            $"workers live ({status.LiveWorkers.Count}): {string.Join(", ", status.LiveWorkers)}",
            $"rejected gradients: {status.RejectedGradients}; dropped workers: {status.DroppedWorkers.Count}",
        };
        if (status is { BestIteration: { } bestIteration, BestValidationLoss: { } bestLoss })
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"best validated φ: iteration {bestIteration}, validation loss {bestLoss:G5} (the run's optimizer)"));
        }

        // A reason can carry a native stack trace: its first line says what happened.
        lines.AddRange(status.DroppedWorkers.TakeLast(10).Select(dropped => $"  iteration {dropped.Iteration}: {dropped.WorkerKey}: {dropped.Reason.Split('\n')[0]}"));
        if (status.Error is { } error)
        {
            lines.Add($"error: {error}");
        }

        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
