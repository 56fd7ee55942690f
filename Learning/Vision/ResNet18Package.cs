using System.Reflection;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Vision;

/// <summary>
/// Where the default pretrained ResNet-18 comes from: ResNet18.onnx of the ML.NET featurizer package at the version this
/// assembly was built against (Vision.targets downloads it at restore and bakes in only its version). The file is looked
/// up when it is needed, in the NuGet packages folder of the machine that runs, so a fresh clone, another machine or a
/// silo uses its own restored copy and never the folder of the machine that built the assembly.
/// </summary>
public static class ResNet18Package
{
    public const string Id = "Microsoft.ML.DnnImageFeaturizer.ResNet18";

    /// <summary>The network's file inside the package.</summary>
    public const string OnnxFile = "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx";

    private const string VersionKey = "L2LCluster.ResNet18PackageVersion";

    public static string Version { get; } = typeof(ResNet18Package).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == VersionKey).Value!;

    /// <summary>
    /// NuGet's global packages folder as restore fills it by default: NUGET_PACKAGES when set, else ~/.nuget/packages.
    /// (A globalPackagesFolder set in a NuGet.Config is not read; NUGET_PACKAGES names such a folder.)
    /// </summary>
    /// <param name="variable">Reads an environment variable (the process's by default).</param>
    public static string PackagesFolder(Func<string, string?>? variable = null)
    {
        variable ??= Environment.GetEnvironmentVariable;
        return variable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>Where the package's ONNX file is in <paramref name="packagesFolder"/>, whether or not it is there.</summary>
    public static string PathIn(string packagesFolder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packagesFolder);
        return Path.Combine(packagesFolder, Id.ToLowerInvariant(), Version, OnnxFile);
    }

    /// <summary>
    /// The package's ONNX file in <paramref name="packagesFolder"/> (null: <see cref="PackagesFolder"/>); when it is not
    /// there, one line under the network file's field names the package, the folder and the two ways out.
    /// </summary>
    public static string Locate(string? packagesFolder = null)
    {
        var folder = packagesFolder ?? PackagesFolder();
        var path = PathIn(folder);
        InvalidSettingException.ThrowUnless(
            File.Exists(path),
            SpecFields.NetworkFile,
            $"the pretrained ResNet-18 is missing: NuGet package {Id} {Version} is not in the packages folder '{folder}' (restoring L2LCluster.Learning downloads it; NUGET_PACKAGES names another folder). Restore, or give the ONNX file of a ResNet-18 in this setting.");
        return path;
    }
}
