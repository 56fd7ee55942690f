using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace L2LCluster.Grains;

/// <summary>
/// Keeps running runs running when nobody is watching them: every <see cref="RunStoreOptions.ResumeInterval"/> it
/// asks the coordinator of every checkpointed run for its status. A coordinator whose silo died is thereby activated
/// on a live silo and resumes from its checkpoint; a live one just answers.
/// </summary>
public sealed partial class RunKeeper(IRunStore store, IGrainFactory grains, IOptions<RunStoreOptions> options, ILogger<RunKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ResumeInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var run in await store.ListRunsAsync(stoppingToken))
                {
                    await grains.GetGrain<ICoordinatorGrain>(run).GetStatusAsync().WaitAsync(interval, stoppingToken);
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogSweepFailed(error.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Checking the runs' coordinators failed; retrying next time: {Reason}")]
    private partial void LogSweepFailed(string reason);
}
