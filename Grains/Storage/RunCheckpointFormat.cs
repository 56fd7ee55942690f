using System.Security.Cryptography;
using L2LCluster.Contracts;
using L2LCluster.Learning;
using L2LCluster.Learning.Training;
using MessagePack;

namespace L2LCluster.Grains.Storage;

/// <summary>
/// Checkpoint bytes (MessagePack, versioned, checksummed). A truncated, corrupt, foreign or newer-schema checkpoint
/// gives an <see cref="InvalidSettingException"/> naming its source, never a half-restored run.
/// </summary>
public static class RunCheckpointFormat
{
    public const string Format = "l2lcluster/run-checkpoint";
    public const int SchemaVersion = 3;

    public static byte[] Write(RunCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var vectors = FloatPayload.ToBytes([.. checkpoint.Phi, .. checkpoint.AdamFirstMoment, .. checkpoint.AdamSecondMoment, .. checkpoint.Best?.Phi ?? []]);
        return MessagePackSerializer.Serialize(new RunCheckpointEnvelope
        {
            Format = Format,
            // A run without a best φ stays readable by builds that know schema 2.
            SchemaVersion = checkpoint.Best is null ? 2 : SchemaVersion,
            RunId = checkpoint.Spec.RunId,
            TrainingSpecJson = checkpoint.Spec.TrainingSpecJson,
            CheckpointEvery = checkpoint.Spec.CheckpointEvery,
            WorkerDeadlineTicks = checkpoint.Spec.WorkerDeadline.Ticks,
            State = checkpoint.State.ToString(),
            Iteration = checkpoint.Iteration,
            PhiVersion = checkpoint.PhiVersion,
            Vectors = vectors,
            VectorsSha256 = SHA256.HashData(vectors),
            AdamStep = checkpoint.AdamStep,
            NextEpisode = checkpoint.NextEpisode,
            RejectedGradients = checkpoint.RejectedGradients,
            Error = checkpoint.Error,
            TraceParent = checkpoint.TraceParent,
            AsynchronousMaxStaleness = checkpoint.Spec.Asynchronous?.MaxStaleness ?? -1,
            AsynchronousGradientsPerUpdate = checkpoint.Spec.Asynchronous?.GradientsPerUpdate ?? 0,
            StaleGradients = checkpoint.StaleGradients,
            BestIteration = checkpoint.Best?.Iteration ?? 0,
            BestValidationLoss = checkpoint.Best?.ValidationLoss ?? 0,
        });
    }

    public static RunCheckpoint Read(ReadOnlyMemory<byte> bytes, string source)
    {
        RunCheckpointEnvelope envelope;
        try
        {
            envelope = MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(bytes);
        }
        catch (MessagePackSerializationException)
        {
            throw new InvalidSettingException(source, "the checkpoint is not readable: truncated, corrupt or of another format.");
        }

        InvalidSettingException.ThrowUnless(envelope.Format == Format, source, $"it is not an L2LCluster checkpoint (format '{envelope.Format}').");
        InvalidSettingException.ThrowUnless(envelope.SchemaVersion is >= 1 and <= SchemaVersion, source, $"it was written with checkpoint schema {envelope.SchemaVersion}; this build reads schema 1 to {SchemaVersion}.");
        InvalidSettingException.ThrowUnless(SHA256.HashData(envelope.Vectors).AsSpan().SequenceEqual(envelope.VectorsSha256), source, "the checkpoint is corrupt: its vectors do not match their checksum.");
        var parts = envelope.BestIteration > 0 ? 4 : 3;
        InvalidSettingException.ThrowUnless(envelope.Vectors.Length % (parts * sizeof(float)) == 0, source, $"the checkpoint's vectors do not split into φ, Adam's two moments{(parts == 4 ? " and the best φ" : "")}.");
        InvalidSettingException.ThrowUnless(Enum.TryParse<RunState>(envelope.State, out var state), source, $"unknown run state '{envelope.State}'.");
        var vectors = FloatPayload.ToFloats(envelope.Vectors);
        var length = vectors.Length / parts;
        return new RunCheckpoint(
            new RunSpec(
                envelope.RunId,
                envelope.TrainingSpecJson,
                envelope.CheckpointEvery,
                TimeSpan.FromTicks(envelope.WorkerDeadlineTicks),
                envelope.AsynchronousMaxStaleness < 0 ? null : new AsynchronousMode(envelope.AsynchronousMaxStaleness, envelope.AsynchronousGradientsPerUpdate)),
            state,
            envelope.Iteration,
            envelope.PhiVersion,
            vectors[..length],
            vectors[length..(2 * length)],
            vectors[(2 * length)..(3 * length)],
            envelope.AdamStep,
            envelope.NextEpisode,
            envelope.RejectedGradients,
            envelope.Error,
            envelope.TraceParent,
            envelope.StaleGradients,
            parts == 4 ? new BestOptimizer(envelope.BestIteration, envelope.BestValidationLoss, vectors[(3 * length)..]) : null);
    }
}
