namespace L2LCluster.Grains.Coordinator;

/// <summary>The run store could not be written for longer than the run may go on without it: the run is interrupted.</summary>
internal sealed class RunStoreOutageException(string reason, Exception cause) : Exception(reason, cause);
