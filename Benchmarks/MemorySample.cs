namespace L2LCluster.Benchmarks;

/// <summary>The process's memory after a given meta-iteration.</summary>
/// <param name="ResidentBytes">VmRSS, read before the forced collection so it is what training itself holds.</param>
/// <param name="PeakResidentBytes">VmHWM: the process's peak so far, the throughput run included.</param>
/// <param name="ManagedLiveBytes">The managed heap less its free space, after a full collection.</param>
/// <param name="ManagedCommittedBytes">Memory the GC has committed for the managed heap.</param>
/// <param name="LiveTensors">Tensors created and not yet disposed on the trainer's thread.</param>
internal sealed record MemorySample(
    int Iteration,
    long ResidentBytes,
    long PeakResidentBytes,
    long ManagedLiveBytes,
    long ManagedCommittedBytes,
    long LiveTensors);
