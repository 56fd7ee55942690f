using System.Runtime.InteropServices;
using System.Security.Cryptography;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Specs;
using MessagePack;

namespace L2LCluster.Runs.Storage;

/// <summary>
/// Reads and writes learned optimizer files (MessagePack, versioned schema). Every way a file can be wrong —
/// missing, empty, truncated, corrupt, another format, a newer schema, an impossible architecture — gives an
/// <see cref="InvalidSettingException"/> that names the file and what is wrong with it.
/// </summary>
public static class OptimizerFile
{
    public const string Format = "l2lcluster/learned-optimizer";
    public const int SchemaVersion = 4;

    /// <summary>Files of one network stay schema 1, so builds that predate parameter groups still read them.</summary>
    private const int SingleNetworkSchemaVersion = 1;

    /// <summary>LSTM files with parameter groups stay schema 2, so builds that predate the MLP still read them.</summary>
    private const int GroupsSchemaVersion = 2;

    /// <summary>MLP files stay schema 3, so builds that predate RNNprop's inputs still read them; the first schema that names an architecture.</summary>
    private const int MlpSchemaVersion = 3;

    private const string LstmName = "lstm";
    private const string MlpName = "mlp";
    public const string Extension = ".l2lopt";

    public static void Save(string path, LearnedOptimizerModel model, OptimizerFileInfo info) => AtomicFile.Write(path, Serialize(model, info));

    /// <summary>The file's bytes, for stores that are not a file system.</summary>
    public static byte[] Serialize(LearnedOptimizerModel model, OptimizerFileInfo info)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(info);
        var parameters = MemoryMarshal.AsBytes(model.Parameters.AsSpan()).ToArray();
        var envelope = new OptimizerFileEnvelope
        {
            Format = Format,
            SchemaVersion = SchemaOf(model),
            Architecture = model.Architecture.Kind == OptimizerKind.Mlp ? MlpName : "",
            HiddenSizes = [.. model.Architecture.HiddenSizes],
            Preprocessing = GradientPreprocessing.NameOf(model.Architecture.Preprocessing.Kind),
            PreprocessingExponent = model.Architecture.Preprocessing.Exponent,
            OutputScale = model.Architecture.OutputScale,
            Parameters = parameters,
            ParametersSha256 = SHA256.HashData(parameters),
            Problem = info.Problem,
            Iterations = info.Iterations,
            TrainingSpec = info.TrainingSpec,
            CreatedUtc = info.CreatedUtc.ToString("O"),
            GroupNames = [.. model.ParameterGroups.Select(group => group.Name)],
            GroupSegments = [.. model.ParameterGroups.Select(group => group.Segments.ToArray())],
        };
        return MessagePackSerializer.Serialize(envelope);
    }

    /// <summary>The oldest schema that holds the model, so that older builds read every file they can.</summary>
    private static int SchemaOf(LearnedOptimizerModel model) =>
        model.Architecture.Preprocessing.Kind == PreprocessingKind.Rnnprop ? SchemaVersion
        : model.Architecture.Kind == OptimizerKind.Mlp ? MlpSchemaVersion
        : model.ParameterGroups.IsEmpty ? SingleNetworkSchemaVersion
        : GroupsSchemaVersion;

    public static OptimizerFileContents Load(string path) => Deserialize(ReadBytes(path), path);

    /// <summary>
    /// The one way a run's optimizer file is made, by every engine and by export: its best validated φ if it validated,
    /// else φ as it stands, with the run's architecture, parameter groups and spec.
    /// </summary>
    /// <param name="spec">The run's meta-training spec.</param>
    /// <param name="phi">φ after <paramref name="iteration"/> meta-iterations.</param>
    /// <param name="best">The best validated φ, if any.</param>
    /// <param name="iteration">Meta-iterations done.</param>
    public static byte[] OfRun(MetaTrainingSpec spec, ReadOnlySpan<float> phi, BestOptimizer? best, int iteration)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Serialize(ModelOfRun(spec, phi, best), new OptimizerFileInfo(spec.Problem, best?.Iteration ?? iteration, SpecJson.Serialize(spec), DateTimeOffset.UtcNow));
    }

    /// <summary>The model a run's optimizer file holds (<see cref="OfRun"/>), for use in this process.</summary>
    public static LearnedOptimizerModel ModelOfRun(MetaTrainingSpec spec, ReadOnlySpan<float> phi, BestOptimizer? best)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new LearnedOptimizerModel(spec.Architecture, best?.Phi.ToArray() ?? phi.ToArray(), spec.ParameterGroups);
    }

    /// <summary>Reads an optimizer file's bytes; <paramref name="source"/> names them in errors.</summary>
    public static OptimizerFileContents Deserialize(byte[] bytes, string source)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var envelope = ReadEnvelope(bytes, source);
        InvalidSettingException.ThrowUnless(envelope.Format == Format, source, $"it is not an L2LCluster optimizer file (format '{envelope.Format}').");
        InvalidSettingException.ThrowUnless(envelope.SchemaVersion >= 1, source, $"its schema version {envelope.SchemaVersion} is invalid.");
        InvalidSettingException.ThrowUnless(envelope.SchemaVersion <= SchemaVersion, source, $"it was written with schema {envelope.SchemaVersion}; this build reads up to schema {SchemaVersion}. Upgrade L2LCluster to read it.");
        InvalidSettingException.ThrowUnless(envelope.Parameters.Length % sizeof(float) == 0, source, "its parameter block is not a whole number of float32 values.");
        InvalidSettingException.ThrowUnless(SHA256.HashData(envelope.Parameters).AsSpan().SequenceEqual(envelope.ParametersSha256), source, "it is corrupt: the parameters do not match their checksum.");

        InvalidSettingException.ThrowUnless(
            envelope.HiddenSizes.Length <= MetaTrainingSpec.MaxLayers,
            source,
            $"its architecture has {envelope.HiddenSizes.Length} hidden layers; an optimizer has at most {MetaTrainingSpec.MaxLayers}.");
        GradientPreprocessing preprocessing;
        OptimizerArchitecture architecture;
        try
        {
            var named = GradientPreprocessing.KindNames.Where(entry => entry.Name == envelope.Preprocessing).ToArray();
            preprocessing = named is [var (_, preprocessingKind)]
                ? GradientPreprocessing.Of(preprocessingKind, envelope.PreprocessingExponent)
                : throw new ArgumentException($"unknown preprocessing '{envelope.Preprocessing}'; allowed: {string.Join(", ", GradientPreprocessing.KindNames.Select(entry => entry.Name))}");
            var kind = envelope.SchemaVersion < MlpSchemaVersion ? OptimizerKind.Lstm : envelope.Architecture switch
            {
                LstmName or "" => OptimizerKind.Lstm,
                MlpName => OptimizerKind.Mlp,
                _ => throw new ArgumentException($"unknown architecture '{envelope.Architecture}'; allowed: {LstmName}, {MlpName}"),
            };
            architecture = new OptimizerArchitecture(envelope.HiddenSizes, preprocessing, envelope.OutputScale, kind);
        }
        catch (ArgumentException error)
        {
            throw new InvalidSettingException(source, $"its architecture is invalid: {error.Message}");
        }

        InvalidSettingException.ThrowUnless(envelope.GroupNames.Length == envelope.GroupSegments.Length, source, $"it names {envelope.GroupNames.Length} parameter groups but gives segments for {envelope.GroupSegments.Length}.");
        InvalidSettingException.ThrowUnless(
            envelope.GroupNames.All(name => !string.IsNullOrWhiteSpace(name)) && envelope.GroupSegments.All(segments => segments is { Length: > 0 } && segments.All(prefix => !string.IsNullOrEmpty(prefix))),
            source,
            "its parameter groups need names and segment prefixes.");
        var groups = envelope.GroupNames.Zip(envelope.GroupSegments, (name, segments) => new ParameterGroup(name, [.. segments])).ToArray();
        var parameters = MemoryMarshal.Cast<byte, float>(envelope.Parameters).ToArray();
        int expected;
        try
        {
            expected = LearnedOptimizerModel.ParameterCountOf(architecture, groups);
        }
        catch (OverflowException)
        {
            throw new InvalidSettingException(source, $"its {groups.Length} network(s) of architecture {architecture} would have more parameters than one array holds.");
        }

        InvalidSettingException.ThrowUnless(parameters.Length == expected, source, $"it holds {parameters.Length} parameters but {LearnedOptimizerModel.NetworkCount(groups)} network(s) of its architecture ({architecture}) need {expected}.");
        InvalidSettingException.ThrowUnless(FloatVectors.AllFinite(parameters), source, "its parameters contain NaN or infinite values.");
        var created = DateTimeOffset.TryParse(envelope.CreatedUtc, out var parsed) ? parsed : DateTimeOffset.MinValue;
        return new OptimizerFileContents(
            new LearnedOptimizerModel(architecture, parameters, groups),
            new OptimizerFileInfo(envelope.Problem, envelope.Iterations, envelope.TrainingSpec, created));
    }

    public static byte[] ReadBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException(path, $"cannot read the optimizer file: {error.Message}");
        }
    }

    private static OptimizerFileEnvelope ReadEnvelope(byte[] bytes, string path)
    {
        InvalidSettingException.ThrowUnless(bytes.Length > 0, path, "the optimizer file is empty.");
        OptimizerFileEnvelope? envelope;
        try
        {
            envelope = MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(bytes, UntrustedData);
        }
        catch (MessagePackSerializationException)
        {
            envelope = null;
        }

        // A hand-made file may leave out any field MessagePack lets it: every one must be there.
        InvalidSettingException.ThrowUnless(envelope is not null && IsComplete(envelope), path, "it is not a readable optimizer file: truncated, corrupt or of another format.");
        return envelope!;
    }

    private static bool IsComplete(OptimizerFileEnvelope envelope) =>
        new object?[]
        {
            envelope.Format, envelope.HiddenSizes, envelope.Preprocessing, envelope.Parameters, envelope.ParametersSha256, envelope.Problem, envelope.TrainingSpec,
            envelope.CreatedUtc, envelope.GroupNames, envelope.GroupSegments,
        }.All(field => field is not null);

    /// <summary>MessagePack's defences for bytes from anywhere: bounded depth and hash-collision resistant maps.</summary>
    private static readonly MessagePackSerializerOptions UntrustedData = MessagePackSerializerOptions.Standard.WithSecurity(MessagePackSecurity.UntrustedData);
}
