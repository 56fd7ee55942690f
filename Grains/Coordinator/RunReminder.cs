using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// The reminder that keeps a running run running: registered when the run starts training, removed when it ends. Its
/// tick is a call, which activates the coordinator on a live silo if its own has died.
/// </summary>
internal sealed partial class RunReminder(Grain coordinator, TimeSpan period, ILogger logger)
{
    private const string Name = "l2l.keep-running";

    public Task RegisterAsync() => coordinator.RegisterOrUpdateReminder(Name, period, period);

    /// <summary>Removes the reminder; if the reminder service cannot be reached, the next tick finds the run finished and tries again.</summary>
    public async Task UnregisterAsync()
    {
        try
        {
            if (await coordinator.GetReminder(Name) is { } reminder)
            {
                await coordinator.UnregisterReminder(reminder);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LogReminderKept(coordinator.GetPrimaryKeyString(), error.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its reminder could not be removed: {Reason}")]
    private partial void LogReminderKept(string runId, string reason);
}
