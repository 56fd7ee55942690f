using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// The reminder that keeps a running run running: registered when the run starts training, removed when it ends. Its
/// tick is a call, which activates the coordinator on a live silo if its own has died. Its name holds the cluster id:
/// clusters of one service share the reminder table, and another cluster's reminder is not this one's to keep or remove.
/// </summary>
internal sealed partial class RunReminder(Grain coordinator, TimeSpan period, string clusterId, ILogger logger)
{
    private readonly string _name = $"l2l.keep-running.{clusterId}";

    /// <summary>Whether <paramref name="reminderName"/> is this cluster's reminder of the run.</summary>
    public bool IsOwn(string reminderName) => reminderName == _name;

    public Task RegisterAsync() => coordinator.RegisterOrUpdateReminder(_name, period, period);

    /// <summary>Removes the reminder; if the reminder service cannot be reached, the next tick finds the run finished and tries again.</summary>
    public async Task UnregisterAsync()
    {
        try
        {
            if (await coordinator.GetReminder(_name) is { } reminder)
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
