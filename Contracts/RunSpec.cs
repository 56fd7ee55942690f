namespace L2LCluster.Contracts;

/// <summary>
/// A run as submitted to a cluster: the meta-training spec (the JSON of Learning's MetaTrainingSpec, so clients
/// and contracts need no libtorch) and how the cluster runs it.
/// </summary>
/// <param name="RunId">The run's name: the coordinator grain's key and the run folder's name.</param>
/// <param name="TrainingSpecJson">The meta-training spec as JSON.</param>
/// <param name="CheckpointEvery">Write a checkpoint every this many meta-iterations (a failure loses at most this many).</param>
/// <param name="WorkerDeadline">How long one worker's unroll may take before it is dropped from the iteration.</param>
/// <param name="Asynchronous">Asynchronous training with bounded staleness; null (the default) for synchronous iterations.</param>
[GenerateSerializer, Immutable, Alias("l2l.RunSpec")]
public sealed record RunSpec(
    [property: Id(0)] string RunId,
    [property: Id(1)] string TrainingSpecJson,
    [property: Id(2)] int CheckpointEvery,
    [property: Id(3)] TimeSpan WorkerDeadline,
    [property: Id(4)] AsynchronousMode? Asynchronous = null);
