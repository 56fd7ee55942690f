using System.Security.Cryptography;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using MessagePack;

namespace L2LCluster.Runs.Storage;

/// <summary>
/// Checkpoint bytes (MessagePack, versioned, checksummed). A truncated, corrupt, foreign or newer-schema checkpoint
/// gives an <see cref="InvalidSettingException"/> naming its source, never a half-restored run.
/// </summary>
public static class RunCheckpointFormat
{
    public const string Format = "l2lcluster/run-checkpoint";
    public const int SchemaVersion = 7;

    /// <summary>
    /// The first schema with <see cref="RunCheckpointEnvelope.ContentSha256"/>, and the one a truncated-BPTT run is
    /// written with once it has had workers.
    /// </summary>
    public const int ContentChecksumSchema = 4;

    /// <summary>
    /// The first schema whose spec may name an estimator or a truncation schedule: builds before it would refuse the
    /// spec's unknown fields, so they refuse the schema first, in the words of a newer checkpoint.
    /// </summary>
    private const int EstimatorSchema = 5;

    /// <summary>The first schema whose spec may name the optimizer's architecture (the MLP); same reason as <see cref="EstimatorSchema"/>.</summary>
    private const int ArchitectureSchema = 6;

    /// <summary>The first schema whose spec may name RNNprop's inputs; same reason as <see cref="EstimatorSchema"/>.</summary>
    private const int RnnpropSchema = 7;

    /// <summary>MessagePack's defences for bytes from anywhere: bounded depth and hash-collision resistant maps.</summary>
    private static readonly MessagePackSerializerOptions UntrustedData = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] Write(RunCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var vectors = FloatPayload.ToBytes([.. checkpoint.Phi, .. checkpoint.AdamFirstMoment, .. checkpoint.AdamSecondMoment, .. checkpoint.Best?.Phi ?? []]);
        string[] workers = [.. checkpoint.Workers ?? []];
        DroppedWorker[] dropped = [.. (checkpoint.Dropped ?? []).TakeLast(RunCheckpoint.DroppedHistory)];
        var envelope = new RunCheckpointEnvelope
        {
            Format = Format,
            // The oldest schema that holds what this run has, so older builds read what they can.
            SchemaVersion = checkpoint.Spec.Training.Preprocessing == PreprocessingKind.Rnnprop
                ? RnnpropSchema
                : checkpoint.Spec.Training.ArchitectureKind is not null
                ? ArchitectureSchema
                : checkpoint.Spec.Training.Estimator is not null || checkpoint.Spec.Training.UnrollSchedule is not null
                ? EstimatorSchema
                : workers.Length + dropped.Length > 0 ? ContentChecksumSchema : checkpoint.Best is not null ? 3 : 2,
            RunId = checkpoint.Spec.RunId.Value,
            TrainingSpecJson = SpecJson.Serialize(checkpoint.Spec.Training),
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
            Workers = workers,
            DroppedWorkers = [.. dropped.Select(drop => drop.WorkerKey)],
            DroppedIterations = [.. dropped.Select(drop => drop.Iteration)],
            DroppedReasons = [.. dropped.Select(drop => drop.Reason)],
        };
        if (envelope.SchemaVersion >= ContentChecksumSchema)
        {
            envelope.ContentSha256 = SHA256.HashData(MessagePackSerializer.Serialize(envelope));
        }

        return MessagePackSerializer.Serialize(envelope);
    }

    private static bool IsComplete(RunCheckpointEnvelope envelope) =>
        new object?[]
        {
            envelope.Format, envelope.RunId, envelope.TrainingSpecJson, envelope.State, envelope.Vectors, envelope.VectorsSha256, envelope.Workers,
            envelope.DroppedWorkers, envelope.DroppedIterations, envelope.DroppedReasons, envelope.ContentSha256,
        }.All(field => field is not null);

    /// <summary>Whether the envelope hashes, with its content checksum emptied, to that checksum.</summary>
    private static bool HoldsItsContent(RunCheckpointEnvelope envelope)
    {
        var written = envelope.ContentSha256;
        envelope.ContentSha256 = [];
        return SHA256.HashData(MessagePackSerializer.Serialize(envelope)).AsSpan().SequenceEqual(written);
    }

    public static RunCheckpoint Read(ReadOnlyMemory<byte> bytes, string source)
    {
        RunCheckpointEnvelope? read;
        try
        {
            read = MessagePackSerializer.Deserialize<RunCheckpointEnvelope>(bytes, UntrustedData);
        }
        catch (MessagePackSerializationException)
        {
            read = null;
        }

        // A hand-made checkpoint may leave out any field MessagePack lets it: every one must be there.
        InvalidSettingException.ThrowUnless(read is not null && IsComplete(read), source, "the checkpoint is not readable: truncated, corrupt or of another format.");
        var envelope = read!;

        InvalidSettingException.ThrowUnless(envelope.Format == Format, source, $"it is not an L2LCluster checkpoint (format '{envelope.Format}').");
        InvalidSettingException.ThrowUnless(envelope.SchemaVersion is >= 1 and <= SchemaVersion, source, $"it was written with checkpoint schema {envelope.SchemaVersion}; this build reads schema 1 to {SchemaVersion}.");
        InvalidSettingException.ThrowUnless(SHA256.HashData(envelope.Vectors).AsSpan().SequenceEqual(envelope.VectorsSha256), source, "the checkpoint is corrupt: its vectors do not match their checksum.");
        InvalidSettingException.ThrowUnless(envelope.SchemaVersion < ContentChecksumSchema || HoldsItsContent(envelope), source, "the checkpoint is corrupt: it does not match its checksum.");
        var parts = envelope.BestIteration > 0 ? 4 : 3;
        InvalidSettingException.ThrowUnless(envelope.Vectors.Length % (parts * sizeof(float)) == 0, source, $"the checkpoint's vectors do not split into φ, Adam's two moments{(parts == 4 ? " and the best φ" : "")}.");
        InvalidSettingException.ThrowUnless(Enum.TryParse<RunState>(envelope.State, out var state), source, $"unknown run state '{envelope.State}'.");
        var vectors = FloatPayload.ToFloats(envelope.Vectors);
        var length = vectors.Length / parts;
        var spec = new RunSpec(
            RunId.Parse(envelope.RunId, $"{source}: {SpecFields.RunId}"),
            SpecJson.Parse(envelope.TrainingSpecJson, $"{source}: spec"),
            envelope.CheckpointEvery,
            TimeSpan.FromTicks(envelope.WorkerDeadlineTicks),
            envelope.AsynchronousMaxStaleness < 0 ? null : new AsynchronousMode(envelope.AsynchronousMaxStaleness, envelope.AsynchronousGradientsPerUpdate));
        try
        {
            spec.Validate();
        }
        catch (InvalidSettingException error)
        {
            throw new InvalidSettingException(source, $"{error.Setting}: {error.Reason}");
        }

        InvalidSettingException.ThrowUnless(length == spec.Training.ParameterCount, source, $"the checkpoint holds a φ of {length} values; its spec's networks need {spec.Training.ParameterCount}.");
        var dropped = envelope.DroppedWorkers.Length;
        InvalidSettingException.ThrowUnless(
            envelope.DroppedIterations.Length == dropped && envelope.DroppedReasons.Length == dropped, source, "the checkpoint's dropped-worker history is torn.");
        return new RunCheckpoint(
            spec,
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
            parts == 4 ? new BestOptimizer(envelope.BestIteration, envelope.BestValidationLoss, vectors[(3 * length)..]) : null,
            envelope.Workers,
            [.. Enumerable.Range(0, dropped).Select(index => new DroppedWorker(envelope.DroppedWorkers[index], envelope.DroppedIterations[index], envelope.DroppedReasons[index]))]);
    }
}
