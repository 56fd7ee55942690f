using System.Text.Json;

namespace L2LCluster.Client.Tests;

/// <summary><c>l2l train --architecture</c>: the optimizer's network, chosen per run and written into its spec.</summary>
[Trait("Category", "Process")]
public sealed class ArchitectureFlagTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void AnMlpRunMetaTrainsAlikeOnTheEmbeddedClusterAndTheSingleProcessEngineAndInspectNamesIt()
    {
        string[] MetaLosses(string engine)
        {
            var run = _folder.File(engine);
            var result = L2lConsole.Run("train", "--problem", "quadratic", "--architecture", "mlp", "--hidden", "8", "--iterations", "4", "--batch", "4", "--engine", engine, "--out", run);
            Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
            return [.. File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(line => line.Split(',')[3])];
        }

        Assert.Equal(MetaLosses("single-process"), MetaLosses("embedded"));
        var inspect = L2lConsole.Run("inspect", Path.Combine(_folder.File("embedded"), "optimizer.l2lopt"));
        Assert.Contains("schema 3", inspect.Output, StringComparison.Ordinal);
        Assert.Matches(@"architecture\s+MLP \[8\]", inspect.Output);
    }

    [Fact]
    public void ArchitectureMlpWritesItIntoTheSpecWithTheMlpsDefaultWidths()
    {
        var result = L2lConsole.Run("train", "--problem", "quadratic", "--architecture", "mlp", "--dry-run");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var spec = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("mlp", spec.GetProperty("architecture").GetString());
        Assert.Equal([32, 32], spec.GetProperty("hiddenSizes").EnumerateArray().Select(size => size.GetInt32()));
    }

    [Fact]
    public void HiddenGivesTheMlpsWidthsAndLstmLeavesTheSpecAsBefore()
    {
        var mlp = JsonDocument.Parse(L2lConsole.Run("train", "--problem", "quadratic", "--architecture", "mlp", "--hidden", "8,4", "--dry-run").Output).RootElement;
        var lstm = L2lConsole.Run("train", "--problem", "quadratic", "--architecture", "lstm", "--dry-run");

        Assert.Equal([8, 4], mlp.GetProperty("hiddenSizes").EnumerateArray().Select(size => size.GetInt32()));
        Assert.Equal(L2lConsole.Run("train", "--problem", "quadratic", "--dry-run").Output, lstm.Output);
    }

    [Theory]
    [InlineData(new[] { "train", "--problem", "quadratic", "--architecture", "transformer" }, "unknown value 'transformer'; allowed: lstm, mlp")]
    [InlineData(new[] { "train", "--problem", "quadratic", "--architecture", "mlp", "--hidden", "0" }, "--hidden")]
    public void ABadArchitectureGetsOneLineNamingTheFlag(string[] arguments, string expected)
    {
        var result = L2lConsole.Run(arguments);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("l2l: ", line, StringComparison.Ordinal);
        Assert.Contains(arguments[^2], line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
