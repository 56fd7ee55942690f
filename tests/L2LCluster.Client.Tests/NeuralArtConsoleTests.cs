namespace L2LCluster.Client.Tests;

/// <summary>The neural-art flags and experiment refusing bad input in one line, as every other flag does.</summary>
[Trait("Category", "Process")]
public sealed class NeuralArtConsoleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("--size", new[] { "--size", "1000" }, "between 32 and 256 pixels; got 1000")]
    [InlineData("--style", new[] { "--style", "absent.jpg" }, "'absent.jpg' is neither a file nor one in the content folder")]
    [InlineData("--content-dir", new[] { "--content-dir", "/nonexistent/photographs" }, "'/nonexistent/photographs' does not exist")]
    [InlineData("--style-weight", new[] { "--style-weight", "-1" }, "must be a positive finite number")]
    [InlineData("--network", new[] { "--network", "/nonexistent/ResNet18.onnx" }, "'/nonexistent/ResNet18.onnx' does not exist")]
    public void ABadNeuralArtFlagGetsOneLineNamingItAndExitCode2(string setting, string[] flags, string expected)
    {
        AssertRefused(L2lConsole.Run(["train", "--problem", "neural-art", "--dry-run", .. flags]), setting, expected);
    }

    [Fact]
    public void AForeignNetworkFileIsRefusedBeforeAnythingStarts()
    {
        var foreign = _folder.File("not-a-network.onnx");
        File.WriteAllText(foreign, "not a protobuf at all");

        AssertRefused(L2lConsole.Run("train", "--problem", "neural-art", "--dry-run", "--network", foreign), "--network", foreign);
    }

    [Fact]
    public void TheExperimentWithAMissingPhotographFolderNamesDataAndWritesNothing()
    {
        var results = _folder.File("results");

        AssertRefused(L2lConsole.Run("experiment", "neural-art", "--data", "/nonexistent/photographs", "--out", results), "--data:", "/nonexistent/photographs");
        Assert.False(Directory.Exists(results));
    }

    [Theory]
    [InlineData("--data")]
    [InlineData("--content-dir")]
    public void TrainNamesTheFlagThatGaveTheMissingPhotographFolder(string flag)
    {
        AssertRefused(L2lConsole.Run("train", "--problem", "neural-art", "--dry-run", flag, "/nonexistent/photographs"), flag + ":", "'/nonexistent/photographs' does not exist");
    }

    [Fact]
    public void WithoutTheRestoredPackageTheNetworkIsRefusedNamingThePackageAndTheFlag()
    {
        var packages = _folder.File("packages");
        Directory.CreateDirectory(packages);

        var result = L2lConsole.Run(new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages }, "train", "--problem", "neural-art", "--dry-run");

        AssertRefused(result, "--network:", "NuGet package Microsoft.ML.DnnImageFeaturizer.ResNet18 ");
        Assert.Contains(packages, result.Error, StringComparison.Ordinal);
    }

    private static void AssertRefused(ProcessResult result, string setting, string expected)
    {
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l: {setting}", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }
}
