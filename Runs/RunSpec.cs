using L2LCluster.Runs.Specs;

namespace L2LCluster.Runs;

/// <summary>
/// A run as submitted to a cluster: its name, its meta-training spec and how the cluster runs it. Built and checked
/// once where the run is submitted (<see cref="Validate"/>), then carried as it is: to the coordinator, into every
/// checkpoint, back to the console.
/// </summary>
/// <param name="RunId">The run's name: the coordinator grain's key and the run folder's name.</param>
/// <param name="Training">The meta-training spec.</param>
/// <param name="CheckpointEvery">Write a checkpoint every this many meta-iterations (a failure loses at most this many).</param>
/// <param name="WorkerDeadline">How long one worker's unroll may take before it is dropped from the iteration.</param>
/// <param name="Asynchronous">Asynchronous training with bounded staleness; null (the default) for synchronous iterations.</param>
/// <param name="InitialPhi">
/// φ to start from as float32 bytes, for a spec that starts from a trained optimizer: the client reads that file, since
/// the coordinator's silo may not see it. Null for a fresh φ. Not part of the run's identity: the spec names the file.
/// </param>
[GenerateSerializer, Immutable, Alias("l2l.RunSpec")]
public sealed record RunSpec(
    [property: Id(0)] RunId RunId,
    [property: Id(1)] MetaTrainingSpec Training,
    [property: Id(2)] int CheckpointEvery,
    [property: Id(3)] TimeSpan WorkerDeadline,
    [property: Id(4)] AsynchronousMode? Asynchronous = null,
    [property: Id(5)] byte[]? InitialPhi = null)
{
    public const int MaxCheckpointEvery = 1_000_000;

    /// <summary>IWorkerGrain.UnrollAsync's response timeout: a longer deadline would never be reached.</summary>
    public static TimeSpan MaxWorkerDeadline { get; } = TimeSpan.FromMinutes(30);

    /// <summary>Whether <paramref name="other"/> asks for the same run (a resubmission), whatever φ bytes it carries.</summary>
    public bool IsSameRunAs(RunSpec other) => other is not null && this with { InitialPhi = null } == other with { InitialPhi = null };

    /// <summary>Checks every setting, the training spec's too; the first bad one is named (<see cref="SpecFields"/>).</summary>
    public RunSpec Validate()
    {
        InvalidSettingException.ThrowUnless(RunId.Value is not null, SpecFields.RunId, "a run needs a name.");
        InvalidSettingException.ThrowUnless(Training is not null, SpecFields.Problem, "a run needs a meta-training spec.");
        InvalidSettingException.ThrowUnless(
            CheckpointEvery is >= 1 and <= MaxCheckpointEvery, SpecFields.CheckpointEvery, $"must be between 1 and {MaxCheckpointEvery}; got {CheckpointEvery}.");
        InvalidSettingException.ThrowUnless(
            WorkerDeadline > TimeSpan.Zero && WorkerDeadline <= MaxWorkerDeadline,
            SpecFields.WorkerDeadline,
            $"must be more than 0 and at most {MaxWorkerDeadline.TotalSeconds} seconds; got {WorkerDeadline.TotalSeconds} s.");
        Asynchronous?.Validate();
        Training!.Validate();
        if (InitialPhi is { } phi)
        {
            InvalidSettingException.ThrowUnless(
                phi.Length == (long)Training.ParameterCount * sizeof(float) && FloatVectors.AllFinite(FloatPayload.AsFloats(phi)),
                SpecFields.InitialPhi,
                $"the φ sent to start from has {phi.Length / sizeof(float)} values; the run's networks need {Training.ParameterCount}, all finite.");
        }

        return this;
    }
}
