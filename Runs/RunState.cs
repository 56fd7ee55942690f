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
}
