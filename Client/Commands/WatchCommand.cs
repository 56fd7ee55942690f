using System.CommandLine;
using System.Globalization;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Flags;
using L2LCluster.Client.Progress;
using L2LCluster.Client.Runs;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l watch RUN</c>: a run's live progress until it ends; Ctrl-C stops watching, not the run. Needs no libtorch.
/// </summary>
internal sealed class WatchCommand
{
    private readonly Argument<string> _run = new("RUN") { Description = "The run's name." };

    public Command Build()
    {
        var command = new Command("watch", "Follow a run live: progress bar with ETA, meta-loss, throughput, workers live and dropped.") { _run };
        RunLocation.AddTo(command);
        command.Add(RunProgressDisplay.Plain);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var runId = RunLocation.Run(result, _run);
        await using var cluster = await RunLocation.ConnectAsync(result, runId, cancellation);
        var localFolder = result.GetValue(ClusterFlags.Endpoint) is null ? RunLocation.LocalFolder(result, runId) : null;
        if (cluster is null)
        {
            return PrintLocal(localFolder!);
        }

        var coordinator = cluster.Coordinator(runId);
        var status = await coordinator.GetStatusAsync();
        InvalidSettingException.ThrowUnless(status.State != RunState.Unknown, "RUN", $"the {cluster.Description} has no run named '{runId}'.");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var processEnd = localFolder is null ? Task.CompletedTask : CancelWhenProcessEndsAsync(localFolder, watching);
        try
        {
            status = await RunProgressDisplay.ShowAsync(result, status, reportEvery: null,
                view => RunFollower.FollowAsync(coordinator, status, view, stopOnCancel: false, watching.Token));
        }
        catch (Exception error) when (error is not OperationCanceledException && localFolder is not null && LiveRunFile.Read(localFolder) is null)
        {
            // The training process ended between two polls and took its embedded cluster with it: its folder says how.
            await watching.CancelAsync();
            await processEnd;
            return PrintLocal(localFolder);
        }

        await watching.CancelAsync();
        await processEnd;
        if (!status.IsFinished && !cancellation.IsCancellationRequested && localFolder is not null)
        {
            return PrintLocal(localFolder);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Run {runId} {status.State.ToString().ToLowerInvariant()} at iteration {status.Iteration}/{status.Iterations}, meta-loss {status.MetaLoss:G5}."));
        return status.State switch
        {
            RunState.Failed => ExitCodes.Failure,
            _ when !status.IsFinished => ExitCodes.Cancelled,
            _ => ExitCodes.Success,
        };
    }

    /// <summary>A local run's embedded cluster ends with its l2l process: then there is nothing left to watch.</summary>
    private static async Task CancelWhenProcessEndsAsync(RunFolder runFolder, CancellationTokenSource watching)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(watching.Token))
            {
                if (LiveRunFile.Read(runFolder) is null)
                {
                    await watching.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended, or the user stopped watching: nothing more to check.
        }
    }

    private static int PrintLocal(RunFolder runFolder)
    {
        var folder = runFolder.Summarize();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Run {folder.RunId} is not running: {folder.State} at iteration {folder.Iteration}/{folder.Iterations}{(folder.MetaLoss is { } loss ? $", meta-loss {loss:G5}" : "")}."));
        return ExitCodes.Success;
    }
}
