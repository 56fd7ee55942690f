using System.Security.Cryptography;
using L2LCluster.Learning.Files;
using L2LCluster.Learning.Optimizers;

namespace L2LCluster.Learning.Training;

/// <summary>
/// A run that starts φ from a trained optimizer instead of a fresh initialization: to go on from an earlier run with
/// other settings (another meta-loss weighting, learning rate or problem). The file's hash is part of the spec, so the
/// run stays reproducible from its spec and a changed file is refused rather than silently used.
/// </summary>
/// <param name="File">The optimizer file, as a full path.</param>
/// <param name="Sha256">The file's SHA-256, lowercase hex.</param>
public sealed record StartingPoint(string File, string Sha256)
{
    public const string Flag = "--start-from";

    /// <summary>The starting point of an optimizer file as it is now.</summary>
    public static StartingPoint Of(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var bytes = OptimizerFile.ReadBytes(fullPath);
        OptimizerFile.Deserialize(bytes, fullPath);
        return new StartingPoint(fullPath, Hash(bytes));
    }

    /// <summary>The file's φ, checked against its hash and against the networks the run trains.</summary>
    public float[] Load(OptimizerNetworks networks)
    {
        ArgumentNullException.ThrowIfNull(networks);
        InvalidSettingException.ThrowUnless(System.IO.File.Exists(File), Flag, $"'{File}' does not exist.");
        var bytes = OptimizerFile.ReadBytes(File);
        InvalidSettingException.ThrowUnless(
            Hash(bytes) == Sha256,
            Flag,
            $"'{File}' has changed since the run's spec was written (SHA-256 {Sha256}); give the file again to start from it as it is now.");
        var model = OptimizerFile.Deserialize(bytes, File).Model;
        InvalidSettingException.ThrowUnless(
            model.Architecture.Equals(networks.Architecture),
            Flag,
            $"'{File}' holds an optimizer of architecture {model.Architecture}; the run trains {networks.Architecture}.");
        InvalidSettingException.ThrowUnless(
            model.ParameterGroups.Select(Describe).SequenceEqual(networks.Groups.Select(Describe)),
            Flag,
            $"'{File}' has parameter groups [{string.Join("; ", model.ParameterGroups.Select(Describe))}]; the run has [{string.Join("; ", networks.Groups.Select(Describe))}].");
        return model.Parameters;
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static string Describe(ParameterGroup group) => $"{group.Name}: {string.Join(",", group.Segments)}";
}
