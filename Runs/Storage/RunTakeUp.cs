namespace L2LCluster.Runs.Storage;

/// <summary>
/// A run as a coordinator takes it up: its new epoch, one more than any before it (every write it makes carries it,
/// and a store refuses a write of an older epoch), and the run's checkpoint as it stands then.
/// </summary>
public sealed record RunTakeUp(long Epoch, RunCheckpoint? Checkpoint);
