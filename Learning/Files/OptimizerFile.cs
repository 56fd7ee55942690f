using System.Runtime.InteropServices;
using System.Security.Cryptography;
using L2LCluster.Learning.Optimizers;
using L2LCluster.Learning.Training;
using MessagePack;

namespace L2LCluster.Learning.Files;

/// <summary>
/// Reads and writes learned optimizer files (MessagePack, versioned schema). Every way a file can be wrong —
/// missing, empty, truncated, corrupt, another format, a newer schema, an impossible architecture — gives an
/// <see cref="InvalidSettingException"/> that names the file and what is wrong with it.
/// </summary>
public static class OptimizerFile
{
    public const string Format = "l2lcluster/learned-optimizer";
    public const int SchemaVersion = 2;

    /// <summary>Files of one network stay schema 1, so builds that predate parameter groups still read them.</summary>
    private const int SingleNetworkSchemaVersion = 1;
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
            SchemaVersion = model.ParameterGroups.Count == 0 ? SingleNetworkSchemaVersion : SchemaVersion,
            HiddenSizes = [.. model.Architecture.HiddenSizes],
            Preprocessing = model.Architecture.Preprocessing.Kind == PreprocessingKind.LogAndSign ? "log-and-sign" : "none",
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

    public static OptimizerFileContents Load(string path) => Deserialize(ReadBytes(path), path);

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

        GradientPreprocessing preprocessing;
        OptimizerArchitecture architecture;
        try
        {
            preprocessing = envelope.Preprocessing switch
            {
                "none" => GradientPreprocessing.None,
                "log-and-sign" => GradientPreprocessing.LogAndSign(envelope.PreprocessingExponent),
                _ => throw new ArgumentException($"unknown preprocessing '{envelope.Preprocessing}'"),
            };
            architecture = new OptimizerArchitecture(envelope.HiddenSizes, preprocessing, envelope.OutputScale);
        }
        catch (ArgumentException error)
        {
            throw new InvalidSettingException(source, $"its architecture is invalid: {error.Message}");
        }

        InvalidSettingException.ThrowUnless(envelope.GroupNames.Length == envelope.GroupSegments.Length, source, $"it names {envelope.GroupNames.Length} parameter groups but gives segments for {envelope.GroupSegments.Length}.");
        var groups = envelope.GroupNames.Zip(envelope.GroupSegments, (name, segments) => new ParameterGroup(name, segments)).ToArray();
        var networks = new OptimizerNetworks(architecture, groups);
        var parameters = MemoryMarshal.Cast<byte, float>(envelope.Parameters).ToArray();
        InvalidSettingException.ThrowUnless(parameters.Length == networks.ParameterCount, source, $"it holds {parameters.Length} parameters but {networks.Count} network(s) of its architecture ({architecture}) need {networks.ParameterCount}.");
        InvalidSettingException.ThrowUnless(FloatVectors.AllFinite(parameters), source, "its parameters contain NaN or infinite values.");
        var created = DateTimeOffset.TryParse(envelope.CreatedUtc, out var parsed) ? parsed : DateTimeOffset.MinValue;
        return new OptimizerFileContents(
            new LearnedOptimizerModel(architecture, parameters, groups),
            new OptimizerFileInfo(envelope.Problem, envelope.Iterations, envelope.TrainingSpec, created));
    }

    internal static byte[] ReadBytes(string path)
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
        try
        {
            return MessagePackSerializer.Deserialize<OptimizerFileEnvelope>(bytes);
        }
        catch (MessagePackSerializationException)
        {
            throw new InvalidSettingException(path, "it is not a readable optimizer file: truncated, corrupt or of another format.");
        }
    }
}
