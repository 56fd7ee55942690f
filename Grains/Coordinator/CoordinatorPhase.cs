namespace L2LCluster.Grains.Coordinator;

/// <summary>Where a coordinator activation stands with its run; the run's own state is in its checkpoint.</summary>
internal enum CoordinatorPhase
{
    /// <summary>No run has this name.</summary>
    Empty,

    /// <summary>The run's checkpoint cannot be read: nothing overwrites it, and only status answers.</summary>
    Unreadable,

    /// <summary>The run has completed, stopped or failed; it trains again only when resumed.</summary>
    Finished,

    /// <summary>This activation read a running run's checkpoint: its loop starts with the first call it serves.</summary>
    Waking,

    /// <summary>The run's loop trains it.</summary>
    Training,

    /// <summary>The run's store could not be written for too long: the loop has ended; a write that goes through resumes it.</summary>
    Interrupted,

    /// <summary>A stop was asked for: the loop ends after its iteration and the run is marked stopped.</summary>
    Stopping,

    /// <summary>The activation (or its silo) goes away: the loop ends and the run stays running in its checkpoint.</summary>
    Leaving,

    /// <summary>Another coordinator has taken the run up since (a newer epoch): this one writes nothing more and leaves.</summary>
    Superseded,
}
