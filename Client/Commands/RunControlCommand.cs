using System.CommandLine;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Engines;
using L2LCluster.Client.Flags;
using L2LCluster.Client.Runs;
using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l stop RUN</c> and <c>l2l resume RUN</c>, for a run on a cluster (<c>--cluster</c>) or in the local run store:
/// stop reaches the l2l process that trains a local run; resume continues a local run on an embedded cluster.
/// </summary>
internal sealed class RunControlCommand(bool resume)
{
    /// <summary>How often a stop waits to see the trainer's lock released: an iteration takes from milliseconds to seconds.</summary>
    private static readonly TimeSpan StopPoll = TimeSpan.FromMilliseconds(100);

    private readonly Argument<string> _run = new("RUN") { Description = "The run's name." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "resume: where to keep the spec and optimizer when the run ends (default: runs/RUN for a cluster run, the run's own folder for a local one)." };
    private readonly Option<int?> _iterations = new("--iterations") { Description = "resume: the run's new total of meta-iterations, more than it has done: train it longer (a completed run too) or end it sooner." };

    public Command Build()
    {
        var command = resume
            ? new Command("resume", "Continue a stopped or failed run from its last checkpoint and follow it (Ctrl-C stops it again).") { _run, _out, _iterations }
            : new Command("stop", "Stop a run after its current iteration; it checkpoints, and 'resume' continues it.") { _run };
        RunLocation.AddTo(command);
        if (resume)
        {
            GlobalFlags.AddTo(command);
            command.Add(Progress.RunProgressDisplay.Plain);
        }

        var names = new SettingNames([(_iterations, SpecFields.Iterations)]);
        command.SetAction((result, cancellation) => names.NamingAsync(() => resume ? ResumeAsync(result, cancellation) : StopAsync(result, cancellation)));
        return command;
    }

    private async Task<int> StopAsync(ParseResult result, CancellationToken cancellation)
    {
        var runId = RunLocation.Run(result, _run);
        if (ClusterFlags.Address(result) is null && RunLocation.LocalFolder(result, runId) is var folder && LiveRunFile.Read(folder) is null && RunFolderLock.IsHeld(folder))
        {
            return await StopSingleProcessRunAsync(folder, runId, cancellation);
        }

        await using var cluster = await RunLocation.ConnectAsync(result, runId, cancellation)
            ?? throw new InvalidSettingException("RUN", $"run '{runId}' is not running: no l2l process trains it.");
        var coordinator = await RequireRunAsync(cluster, runId);
        var stopped = await coordinator.StopAsync();
        Console.WriteLine($"Run {runId} {stopped.State.ToString().ToLowerInvariant()} at iteration {stopped.Iteration} (checkpoint at iteration {stopped.LastCheckpointIteration}).");
        return ExitCodes.Success;
    }

    /// <summary>The single-process engine has no coordinator to call: it is asked through its folder and waited for.</summary>
    private static async Task<int> StopSingleProcessRunAsync(RunFolder folder, RunId runId, CancellationToken cancellation)
    {
        folder.RequestStop();
        Console.WriteLine($"Asked the l2l process training run {runId} to stop after its current iteration; waiting for it.");
        while (RunFolderLock.IsHeld(folder))
        {
            await Task.Delay(StopPoll, cancellation);
        }

        var checkpoint = folder.ReadCheckpoint();
        Console.WriteLine($"Run {runId} {checkpoint?.State.ToString().ToLowerInvariant() ?? "ended"} at iteration {checkpoint?.Iteration ?? 0} (checkpoint at iteration {checkpoint?.Iteration ?? 0}).");
        return ExitCodes.Success;
    }

    private async Task<int> ResumeAsync(ParseResult result, CancellationToken cancellation)
    {
        var runId = RunLocation.Run(result, _run);
        // Another folder gets the run's spec and optimizer only if it holds nothing yet, as train's --out.
        var copyTo = result.GetValue(_out) is { } outPath ? RunFolder.New(outPath, _out.Name) : null;
        IClusterSession cluster;
        IDisposable? live = null;
        RunFolderLock? trainer = null;
        if (ClusterFlags.Address(result) is { } address)
        {
            copyTo ??= RunFolder.In("runs", runId);
            cluster = await RemoteCluster.ConnectAsync(address, cancellation);
        }
        else
        {
            var folder = RunLocation.LocalFolder(result, runId);
            // Taken before anything else: of two resumes started together, one trains the run and the other is refused.
            trainer = await RunFolderLock.TryTakeAsync(folder, cancellation)
                ?? throw new InvalidSettingException("RUN", $"run '{runId}' is already running in another l2l process; watch it with 'l2l watch {runId}'.");
            GlobalFlags.ConfigureTorch(result);
            var embedded = await EmbeddedCluster.StartAsync(Path.GetDirectoryName(folder.Path)!, result.GetValue(GlobalFlags.Device)!, result.GetValue(GlobalFlags.Threads), cancellation);
            live = embedded.Address.WriteTo(folder);
            cluster = embedded;
        }

        using (trainer)
        await using (cluster)
        using (live)
        {
            var coordinator = await RequireRunAsync(cluster, runId);
            var status = await coordinator.ResumeAsync(result.GetValue(_iterations));
            Console.WriteLine($"Run {runId} resumed from iteration {status.ResumedFromIteration ?? status.Iteration} of {status.Iterations} on the {cluster.Description}.");
            return await ClusterTraining.FollowAsync(cluster, status, copyTo, result, null, cancellation);
        }
    }

    private static async Task<ICoordinatorGrain> RequireRunAsync(IClusterSession cluster, RunId runId)
    {
        var coordinator = cluster.Coordinator(runId);
        InvalidSettingException.ThrowUnless((await coordinator.GetStatusAsync()).State != RunState.Unknown, "RUN", $"the {cluster.Description} has no run named '{runId}'.");
        return coordinator;
    }
}
