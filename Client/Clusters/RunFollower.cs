using L2LCluster.Client.Progress;
using L2LCluster.Contracts;

namespace L2LCluster.Client.Clusters;

/// <summary>Polls a run's coordinator and shows its progress until the run ends or the user presses Ctrl-C.</summary>
internal static class RunFollower
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <param name="coordinator">The run's coordinator.</param>
    /// <param name="status">Where the run stood when following began.</param>
    /// <param name="view">Where progress goes.</param>
    /// <param name="stopOnCancel">
    /// Whether Ctrl-C stops the run (after its current iteration, with a checkpoint) and waits for that; otherwise
    /// Ctrl-C only stops following and the run goes on.
    /// </param>
    /// <param name="cancellation">Ctrl-C.</param>
    /// <param name="failovers">Where the coordinator's resumptions seen while following are counted.</param>
    /// <returns>The run's last status seen.</returns>
    public static async Task<RunStatus> FollowAsync(ICoordinatorGrain coordinator, RunStatus status, IRunProgressView view, bool stopOnCancel, CancellationToken cancellation, CoordinatorFailovers? failovers = null)
    {
        failovers ??= new CoordinatorFailovers();
        failovers.Observe(status);
        view.Update(status);
        var stopping = false;
        while (!status.IsFinished)
        {
            if (cancellation.IsCancellationRequested && !stopping)
            {
                if (!stopOnCancel)
                {
                    return status;
                }

                stopping = true;
                view.Note("Stopping after the current iteration…");
                status = await StopAsync(coordinator, status);
                view.Update(status);
                continue;
            }

            await Task.Delay(PollInterval, CancellationToken.None);
            status = await WatchAsync(coordinator, status);
            if (failovers.Observe(status) is { } failover)
            {
                view.Note(failover);
            }

            view.Update(status);
        }

        return status;
    }

    /// <summary>Asks the run to stop; a coordinator busy past the call's timeout still stops, and polling sees it.</summary>
    private static async Task<RunStatus> StopAsync(ICoordinatorGrain coordinator, RunStatus last)
    {
        try
        {
            return await coordinator.StopAsync();
        }
        catch (TimeoutException)
        {
            return last;
        }
    }

    /// <summary>The run's status; while its coordinator's silo is dying, the last one known.</summary>
    private static async Task<RunStatus> WatchAsync(ICoordinatorGrain coordinator, RunStatus last)
    {
        try
        {
            return await coordinator.GetStatusAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception error) when (error is TimeoutException or SiloUnavailableException or OrleansMessageRejectionException)
        {
            return last;
        }
    }
}
