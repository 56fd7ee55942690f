namespace L2LCluster.Client.Tests;

/// <summary>Where eval's plot goes is checked before the evaluation runs, and a plot never replaces a file.</summary>
[Trait("Category", "Process")]
public sealed class EvalPlotTests(TrainedRun trained) : IClassFixture<TrainedRun>, IDisposable
{
    private static readonly string[] Small = ["--steps", "5", "--trials", "2", "--tuning-trials", "2", "--lr-grid", "0.1", "--baselines", "adam"];

    private readonly TempFolder _folder = new();

    [Fact]
    public void APlotIntoAFolderThatDoesNotExistIsRefusedBeforeTheEvaluationRuns()
    {
        var plot = Path.Combine(_folder.Path, "missing", "x");

        var result = Eval("--plot", plot);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"l2l: --plot: the folder '{Path.GetDirectoryName(plot)}' does not exist; create it or plot elsewhere.", line);
        Assert.DoesNotContain("held-out problems", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("x.png")]
    [InlineData("x.svg")]
    [InlineData("x")]
    public void APlotPathWithOrWithoutItsExtensionWritesOnePngAndOneSvg(string name)
    {
        var result = Eval("--plot", Path.Combine(_folder.Path, name));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(["x.png", "x.svg"], Directory.GetFiles(_folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void APlotThatWouldReplaceAFileIsRefusedAndTheFileKept()
    {
        var existing = Path.Combine(_folder.Path, "x.svg");
        File.WriteAllText(existing, "precious");

        var result = Eval("--plot", Path.Combine(_folder.Path, "x"));

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains($"--plot: '{existing}' already exists", result.Error, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(existing));
        Assert.Single(Directory.GetFiles(_folder.Path));
    }

    [Fact]
    public void EvalReportsItsProgressBeforeTheTable()
    {
        var result = Eval("--plot", "none");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n');
        var progress = Array.FindIndex(lines, line => line.Contains("problems optimized", StringComparison.Ordinal));
        var table = Array.FindIndex(lines, line => line.Contains("held-out problems", StringComparison.Ordinal));
        Assert.InRange(progress, 0, table - 1);
        Assert.Contains("eval quadratic: 6/6 problems optimized (100%)", result.Output, StringComparison.Ordinal);
        Assert.Contains("ETA", lines[progress], StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private ProcessResult Eval(params string[] arguments) =>
        L2lConsole.Run(["eval", "--optimizer", trained.File("optimizer.l2lopt"), .. Small, .. arguments]);
}
