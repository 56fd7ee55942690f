namespace L2LCluster.Grains.Coordinator;

/// <summary>How a coordinator's loop over a run ended, which decides what becomes of the activation.</summary>
internal enum RunLoopEnd
{
    /// <summary>The run completed, was stopped or failed, and its store was told.</summary>
    Finished,

    /// <summary>The activation or its silo went away: the run stays running in its checkpoint, for the next one.</summary>
    Left,

    /// <summary>Another coordinator took the run up since: this one wrote nothing more.</summary>
    Superseded,

    /// <summary>The run's store could not be written for too long: the run trains on once it can.</summary>
    Interrupted,
}
