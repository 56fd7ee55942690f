using System.CommandLine;
using L2LCluster.Client.Clusters;
using L2LCluster.Contracts;
using L2LCluster.Learning;

namespace L2LCluster.Client.Commands;

/// <summary><c>l2l stop RUN</c> and <c>l2l resume RUN</c> on a running cluster.</summary>
internal sealed class RunControlCommand(bool resume)
{
    private readonly Argument<string> _run = new("RUN") { Description = "The run's name." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "resume: where to keep the spec and optimizer when the run ends (default: runs/RUN)." };

    public Command Build()
    {
        var command = resume
            ? new Command("resume", "Continue a stopped or failed run from its last checkpoint and follow it.") { _run, _out }
            : new Command("stop", "Stop a run after its current iteration; it checkpoints, and 'resume' continues it.") { _run };
        ClusterFlags.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var endpoint = result.GetValue(ClusterFlags.Endpoint) ?? throw new InvalidSettingException("--cluster", "is required: the cluster's gateways HOST:PORT or redis://HOST:PORT (or set L2L_CLUSTER).");
        var runId = result.GetValue(_run)!;
        await using var cluster = await RemoteCluster.ConnectAsync(endpoint, result.GetValue(ClusterFlags.ClusterId)!, cancellation);
        var coordinator = cluster.Grains.GetGrain<ICoordinatorGrain>(runId);
        if ((await coordinator.GetStatusAsync()).State == RunState.Unknown)
        {
            throw new InvalidSettingException("RUN", $"the cluster has no run named '{runId}'.");
        }

        if (!resume)
        {
            var stopped = await coordinator.StopAsync();
            Console.WriteLine($"Run {runId} {stopped.State.ToString().ToLowerInvariant()} at iteration {stopped.Iteration} (checkpoint at iteration {stopped.LastCheckpointIteration}).");
            return ExitCodes.Success;
        }

        var status = await coordinator.ResumeAsync();
        Console.WriteLine($"Run {runId} resumed from iteration {status.ResumedFromIteration ?? status.Iteration} on the {cluster.Description}.");
        return await ClusterTraining.FollowAsync(coordinator, status, result.GetValue(_out) ?? Path.Combine("runs", runId), null, cancellation);
    }
}
