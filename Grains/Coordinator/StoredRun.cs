using L2LCluster.Grains.Coordination;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Grains.Coordinator;

/// <summary>What an activation makes of the checkpoint its store holds for its name.</summary>
/// <param name="Phase">No run, a running run to take up, a finished one, or a checkpoint that cannot be read.</param>
/// <param name="Core">The run read back, if there is one.</param>
/// <param name="Unreadable">Why the checkpoint cannot be read: it is never overwritten then.</param>
internal sealed record StoredRun(CoordinatorPhase Phase, RunCore? Core, string? Unreadable)
{
    public static async Task<StoredRun> ReadAsync(Func<Task<RunCheckpoint?>> read)
    {
        try
        {
            return await read() is { } checkpoint
                ? new StoredRun(checkpoint.State == RunState.Running ? CoordinatorPhase.Waking : CoordinatorPhase.Finished, RunCore.FromCheckpoint(checkpoint), null)
                : new StoredRun(CoordinatorPhase.Empty, null, null);
        }
        catch (InvalidSettingException error)
        {
            return new StoredRun(CoordinatorPhase.Unreadable, null, error.Message);
        }
    }
}
