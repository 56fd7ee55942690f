namespace L2LCluster.Runs;

[GenerateSerializer]
public enum RunState
{
    /// <summary>No run with this id has been started.</summary>
    Unknown,
    Running,
    Completed,
    Stopped,
    Failed,

    /// <summary>
    /// Shown, never stored: a running run that has stopped training because its store cannot be written; it trains on
    /// by itself once a write goes through.
    /// </summary>
    Interrupted,
}
