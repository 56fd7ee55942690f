using L2LCluster.Runs;
using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>What the coordinator logs.</summary>
public sealed partial class CoordinatorGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started: {Problem}, {Iterations} iterations")]
    private partial void LogStarted(string runId, string problem, int iterations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} resumed from its checkpoint at iteration {Iteration}, φ version {Version}")]
    private partial void LogResumed(string runId, int iteration, long version);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {State} at iteration {Iteration}")]
    private partial void LogFinished(string runId, RunState state, int iteration);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed")]
    private partial void LogFailed(Exception error, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The run's checkpoint cannot be read: {Reason}")]
    private partial void LogUnreadableCheckpoint(string reason);
}
