using System.Diagnostics;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;
using L2LCluster.Telemetry;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>
/// A run's loop at its coordinator: the schedule until it ends, then the run's end written (completed, stopped or
/// failed), or the reason it could not be (the activation left, another coordinator took the run up, the store is out).
/// </summary>
internal sealed partial class RunLoop(RunContext run, IRunSchedule schedule, ILogger logger)
{
    /// <param name="stop">Ends the loop after its iteration: a stop, or the activation leaving.</param>
    /// <param name="leaving">Whether the activation is going away: the run goes on elsewhere, so its end is not written.</param>
    /// <param name="siloStopping">The silo is going away: its errors are not the run's.</param>
    public async Task<RunLoopEnd> RunAsync(CancellationToken stop, Func<bool> leaving, CancellationToken siloStopping)
    {
        // The loop outlives the call that started it; its spans take their parent from the run, not from that call.
        Activity.Current = null;
        var core = run.Core;
        try
        {
            await schedule.RunAsync(run, stop);
            if (leaving())
            {
                return RunLoopEnd.Left;
            }

            var state = core.HasIterationsLeft ? RunState.Stopped : RunState.Completed;
            using var finish = run.Tracing.Start(L2LTelemetry.FinishSpan, core)?.SetTag(TelemetryTags.Iteration, core.Iteration).SetTag(TelemetryTags.State, state.ToString());
            await run.FinishAsync(state);
            LogFinished(core.RunId.Value, state, core.Iteration);
            return RunLoopEnd.Finished;
        }
        catch (Exception) when (leaving() || siloStopping.IsCancellationRequested)
        {
            // A stopping silo refuses the loop's calls before it deactivates the grain, and a crashed one never does.
            // Those errors are the silo's, not the run's: the checkpoint still says running, and the run resumes on a
            // live silo from there.
            return RunLoopEnd.Left;
        }
        catch (RunFencedException fenced)
        {
            LogSuperseded(fenced.Message);
            return RunLoopEnd.Superseded;
        }
        catch (RunStoreOutageException outage)
        {
            LogInterrupted(core.RunId.Value, outage.Message);
            return RunLoopEnd.Interrupted;
        }
        catch (Exception error)
        {
            using var failure = run.Tracing.Start(L2LTelemetry.FinishSpan, core)?.SetTag(TelemetryTags.State, nameof(RunState.Failed)).SetStatus(ActivityStatusCode.Error, error.Message);
            LogFailed(error, core.RunId.Value);
            await run.FailAsync(error.Message);
            return RunLoopEnd.Finished;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {State} at iteration {Iteration}")]
    private partial void LogFinished(string runId, RunState state, int iteration);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private partial void LogFailed(Exception error, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Another coordinator has taken the run up; this one stops without writing: {Reason}")]
    private partial void LogSuperseded(string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} is interrupted until its store can be written again: {Reason}")]
    private partial void LogInterrupted(string runId, string reason);
}
