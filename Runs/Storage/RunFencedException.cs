namespace L2LCluster.Runs.Storage;

/// <summary>
/// A write refused because another coordinator has taken the run up since (its epoch is newer): the writer must stop
/// without touching the run, which the newer coordinator now trains.
/// </summary>
public sealed class RunFencedException(RunId run, long epoch, long storedEpoch)
    : Exception($"run '{run}' was taken up by another coordinator (epoch {storedEpoch}; this one's is {epoch}).")
{
    public RunId Run { get; } = run;
}
