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
/// <param name="InitialPhi">
/// φ to start from as float32 bytes, for a spec that starts from a trained optimizer: the client reads that file, since
/// the coordinator's silo may not see it. Null for a fresh φ. Not part of the run's identity: the spec names the file.
/// </param>
[GenerateSerializer, Immutable, Alias("l2l.RunSpec")]
public sealed record RunSpec(
    [property: Id(0)] string RunId,
    [property: Id(1)] string TrainingSpecJson,
    [property: Id(2)] int CheckpointEvery,
    [property: Id(3)] TimeSpan WorkerDeadline,
    [property: Id(4)] AsynchronousMode? Asynchronous = null,
    [property: Id(5)] byte[]? InitialPhi = null)
{
    /// <summary>Whether <paramref name="other"/> asks for the same run (a resubmission), whatever φ bytes it carries.</summary>
    public bool IsSameRunAs(RunSpec other) => other is not null && this with { InitialPhi = null } == other with { InitialPhi = null };
}
