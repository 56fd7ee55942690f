using System.Security.Cryptography;
using L2LCluster.Runs.Optimizers;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Runs.Specs;

/// <summary>
/// A run that starts φ from a trained optimizer instead of a fresh initialization: to go on from an earlier run with
/// other settings (another meta-loss weighting, learning rate or problem). The file's hash is part of the spec, so the
/// run stays reproducible from its spec and a changed file is refused rather than silently used.
/// </summary>
/// <param name="File">The optimizer file, as a full path.</param>
/// <param name="Sha256">The file's SHA-256, lowercase hex.</param>
[GenerateSerializer, Immutable, Alias("l2l.StartingPoint")]
public sealed record StartingPoint([property: Id(0)] string File, [property: Id(1)] string Sha256)
{
    /// <summary>The starting point of an optimizer file as it is now.</summary>
    public static StartingPoint Of(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var bytes = OptimizerFile.ReadBytes(fullPath);
        OptimizerFile.Deserialize(bytes, fullPath);
        return new StartingPoint(fullPath, Hash(bytes));
    }

    /// <summary>The file's φ, checked against its hash and against the networks the run trains.</summary>
    public float[] Load(OptimizerArchitecture architecture, IReadOnlyList<ParameterGroup> groups)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(groups);
        InvalidSettingException.ThrowUnless(System.IO.File.Exists(File), SpecFields.StartFrom, $"'{File}' does not exist.");
        var bytes = OptimizerFile.ReadBytes(File);
        InvalidSettingException.ThrowUnless(
            Hash(bytes) == Sha256,
            SpecFields.StartFrom,
            $"'{File}' has changed since the run's spec was written (SHA-256 {Sha256}); give the file again to start from it as it is now.");
        var model = OptimizerFile.Deserialize(bytes, File).Model;
        InvalidSettingException.ThrowUnless(
            model.Architecture.Equals(architecture),
            SpecFields.StartFrom,
            $"'{File}' holds an optimizer of architecture {model.Architecture}; the run trains {architecture}.");
        InvalidSettingException.ThrowUnless(
            model.ParameterGroups.SequenceEqual(groups),
            SpecFields.StartFrom,
            $"'{File}' has parameter groups [{string.Join("; ", model.ParameterGroups)}]; the run has [{string.Join("; ", groups)}].");
        return model.Parameters;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
