namespace L2LCluster.Grains.Coordinator;

/// <summary>What a coordinator's phase says of its activation.</summary>
internal static class CoordinatorPhases
{
    /// <summary>No loop trains the run in this phase: the activation may go once its store has all of the run.</summary>
    public static bool IsIdle(this CoordinatorPhase phase) =>
        phase is CoordinatorPhase.Empty or CoordinatorPhase.Unreadable or CoordinatorPhase.Finished or CoordinatorPhase.Superseded;
}
