using System.Text.Json;

namespace L2LCluster.Client.Tests;

/// <summary>What the console says about the command line itself: unknown commands, and specs that round-trip.</summary>
[Trait("Category", "Process")]
public sealed class CommandLineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("trian", "did you mean 'train'? ")]
    [InlineData("exprot", "did you mean 'export'? ")]
    [InlineData("flibbertigibbet", "")]
    public void AnUnknownCommandIsNamedWithTheNearestOne(string word, string suggestion)
    {
        var result = L2lConsole.Run(word, "--problem", "quadratic");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l: unknown command '{word}'; {suggestion}commands: train, runs, status, watch, stop, resume, export, inspect, eval, experiment, bench", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("parameterCount")]
    [InlineData("truncationsPerHorizon")]
    public void DryRunPrintsNoDerivedFieldAndASpecFileThatHasOneIsRefused(string derived)
    {
        var dryRun = L2lConsole.Run("train", "--problem", "quadratic", "--dry-run");
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        var spec = JsonDocument.Parse(dryRun.Output).RootElement;
        Assert.False(spec.TryGetProperty(derived, out _), dryRun.Output);

        var edited = _folder.File("edited.json");
        File.WriteAllText(edited, dryRun.Output.TrimEnd().TrimEnd('}') + $", \"{derived}\": 1 }}");
        var result = L2lConsole.Run("train", "--spec", edited, "--dry-run");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(derived, result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
