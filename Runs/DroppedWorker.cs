namespace L2LCluster.Runs;

/// <summary>A worker left out of an iteration: it missed its deadline, its silo died, or its gradient was rejected.</summary>
[GenerateSerializer, Immutable, Alias("l2l.DroppedWorker")]
public sealed record DroppedWorker(
    [property: Id(0)] string WorkerKey,
    [property: Id(1)] int Iteration,
    [property: Id(2)] string Reason);
