using Microsoft.Extensions.Logging;

namespace L2LCluster.Grains.Coordinator;

/// <summary>What the coordinator logs.</summary>
public sealed partial class CoordinatorGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} started: {Problem}, {Iterations} iterations")]
    private partial void LogStarted(string runId, string problem, int iterations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} resumed from its checkpoint at iteration {Iteration}, φ version {Version}")]
    private partial void LogResumed(string runId, int iteration, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "The run's checkpoint cannot be read: {Reason}")]
    private partial void LogUnreadableCheckpoint(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: its store can be written again")]
    private partial void LogStoreBack(string runId);
}
