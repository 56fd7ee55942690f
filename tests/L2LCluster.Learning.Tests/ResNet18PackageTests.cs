using System.Reflection;
using L2LCluster.Learning.Vision;
using L2LCluster.Runs;
using L2LCluster.Runs.Specs;

namespace L2LCluster.Learning.Tests;

/// <summary>The default ResNet-18 is found at run time in the NuGet packages folder of the machine that runs.</summary>
public sealed class ResNet18PackageTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheAssemblyCarriesThePackagesVersionAndNoPathOfTheBuildMachine()
    {
        var metadata = typeof(ResNet18Package).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(attribute => attribute.Key.StartsWith("L2LCluster.", StringComparison.Ordinal)).ToArray();

        Assert.NotEmpty(metadata);
        Assert.All(metadata, attribute => Assert.DoesNotContain('/', attribute.Value ?? ""));
        Assert.Matches(@"^\d+\.\d+\.\d+$", ResNet18Package.Version);
    }

    [Fact]
    public void TheRestoredPackagesFileIsFoundInThisMachinesPackagesFolder()
    {
        var path = ResNet18Package.Locate();

        Assert.True(File.Exists(path), path);
        Assert.Equal(ResNet18Package.PathIn(ResNet18Package.PackagesFolder()), path);
    }

    [Fact]
    public void NugetPackagesNamesThePackagesFolderAndHomeIsTheDefault()
    {
        var configured = ResNet18Package.PackagesFolder(name => name == "NUGET_PACKAGES" ? "/opt/packages" : null);
        var unset = ResNet18Package.PackagesFolder(_ => null);

        Assert.Equal("/opt/packages", configured);
        Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"), unset);
        Assert.Equal($"/opt/packages/microsoft.ml.dnnimagefeaturizer.resnet18/{ResNet18Package.Version}/{ResNet18Package.OnnxFile}", ResNet18Package.PathIn(configured));
    }

    [Fact]
    public void APackagesFolderWithoutThePackageIsRefusedInOneLineNamingThePackage()
    {
        var error = Assert.Throws<InvalidSettingException>(() => ResNet18Package.Locate(_folder.Path));

        Assert.Equal(SpecFields.NetworkFile, error.Setting);
        Assert.Contains($"{ResNet18Package.Id} {ResNet18Package.Version}", error.Reason, StringComparison.Ordinal);
        Assert.Contains(_folder.Path, error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
