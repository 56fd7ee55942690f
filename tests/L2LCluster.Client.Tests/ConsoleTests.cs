using System.Text.Json;
using System.Xml.Linq;
using L2LCluster.Learning;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Tests;

/// <summary>The l2l console driven as a child process, as a user drives it.</summary>
[Trait("Category", "Process")]
public sealed class ConsoleTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("--problem", new[] { "train", "--problem", "nope" }, "known problems: cifar-conv, mnist-conv, mnist-mlp, neural-art, quadratic, simple")]
    [InlineData("--unroll", new[] { "train", "--problem", "quadratic", "--unroll", "0" }, "must be positive")]
    [InlineData("--unroll", new[] { "train", "--problem", "quadratic", "--unroll", "30", "--horizon", "20" }, "must not exceed the horizon (20)")]
    [InlineData("--data", new[] { "train", "--problem", "mnist-mlp", "--data", "/nonexistent/mnist" }, "/nonexistent/mnist")]
    [InlineData("--format", new[] { "eval", "--optimizer", "x.l2lopt", "--format", "xml" }, "allowed: table, json")]
    [InlineData("--bogus", new[] { "train", "--bogus" }, "--bogus")]
    [InlineData("--iterations", new[] { "train", "--problem", "quadratic", "--iterations", "lots" }, "expected type integer")]
    [InlineData("--detach", new[] { "train", "--problem", "quadratic", "--detach" }, "needs --cluster")]
    [InlineData("--spec", new[] { "train", "--spec", "/nonexistent/spec.json" }, "cannot read '/nonexistent/spec.json'")]
    [InlineData("--format", new[] { "runs", "--format", "yaml" }, "allowed: table, json")]
    [InlineData("/nonexistent/x.l2lopt", new[] { "inspect", "/nonexistent/x.l2lopt" }, "cannot read the file")]
    [InlineData("RUN", new[] { "watch" }, "Required argument 'RUN' missing")]
    [InlineData("experiment", new[] { "experiment", "nope" }, "known experiments: quadratic, quadratic-uniform, mnist, transfer, cifar, neural-art, quadratic-estimators, long-horizon-quadratic, long-horizon-mnist")]
    [InlineData("--optimizer", new[] { "experiment", "cifar", "--optimizer", "only-one.l2lopt" }, "compares 2 learned optimizer(s) (LSTM, LSTM-sub); give that many files or none; got 1")]
    public void ABadArgumentGetsOneLineNamingItAndExitCode2(string setting, string[] arguments, string expected)
    {
        var result = L2lConsole.Run(arguments);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("l2l: ", line, StringComparison.Ordinal);
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("embedded")]
    [InlineData("single-process")]
    public void TrainWritesTheSpecMetricsAndALoadableOptimizer(string engine)
    {
        var run = Path.Combine(_folder.Path, "run");

        var result = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "12", "--batch", "4", "--unroll", "5", "--horizon", "10", "--out", run, "--engine", engine);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Optimizer written to", result.Output, StringComparison.Ordinal);
        var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "spec.json"))).RootElement;
        Assert.Equal("quadratic", spec.GetProperty("problem").GetString());
        Assert.Equal(12, spec.GetProperty("iterations").GetInt32());
        var metrics = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        Assert.Equal(13, metrics.Length);
        Assert.StartsWith("iteration,episode,step_in_horizon,meta_loss", metrics[0], StringComparison.Ordinal);
        var optimizer = OptimizerFile.Load(Path.Combine(run, "optimizer.l2lopt"));
        Assert.Equal(12, optimizer.Info.Iterations);
        Assert.Equal("quadratic", optimizer.Info.Problem);
    }

    [Fact]
    public void AConsoleStartedWithoutTheArgumentLifetimeSettingWarnsOnceAndStillTrains()
    {
        var run = Path.Combine(_folder.Path, "unprotected");

        var result = L2lConsole.Run(new Dictionary<string, string> { [TorchArgumentLifetime.Variable] = "0" }, "train", "--problem", "quadratic", "--iterations", "2", "--batch", "2", "--unroll", "5", "--horizon", "10", "--out", run);
        var protectedRun = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "2", "--batch", "2", "--unroll", "5", "--horizon", "10", "--out", Path.Combine(_folder.Path, "protected"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([$"l2l: warning: {TorchArgumentLifetime.Warning}"], result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(protectedRun.ExitCode == 0, protectedRun.ToString());
        Assert.DoesNotContain("warning", protectedRun.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainRefusesAFolderThatAlreadyHoldsARunAndLeavesItAlone()
    {
        var run = Path.Combine(_folder.Path, "existing");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "metrics.csv"), "precious");

        var result = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "1", "--out", run);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(Path.Combine(run, "metrics.csv")));
        Assert.Single(Directory.GetFiles(run));
    }

    [Fact]
    public void EvalReportsEveryOptimizerWithItsPerStepMeansAsJsonAndPlotsTheirLossCurves()
    {
        var run = Path.Combine(_folder.Path, "run");
        Assert.Equal(0, L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "3", "--batch", "4", "--out", run).ExitCode);

        var result = L2lConsole.Run("eval", "--optimizer", Path.Combine(run, "optimizer.l2lopt"), "--steps", "10", "--trials", "8", "--tuning-trials", "4", "--lr-grid", "0.01,0.1", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        var optimizers = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["LSTM", "Adam", "RMSprop", "SGD", "NAG"], optimizers.Select(entry => entry.GetProperty("name").GetString()));
        Assert.All(optimizers, entry => Assert.Equal(11, entry.GetProperty("meanLossPerStep").GetArrayLength()));
        Assert.All(optimizers, entry => Assert.Equal(8, entry.GetProperty("finalLossPerProblem").GetArrayLength()));
        Assert.All(optimizers, entry => Assert.Equal(entry.GetProperty("sumOverSteps").GetDouble(), entry.GetProperty("sumOverStepsPerProblem").EnumerateArray().Average(sum => sum.GetDouble()), 1e-9));
        Assert.All(optimizers.Skip(1), entry => Assert.Contains(entry.GetProperty("learningRate").GetDouble(), new[] { 0.01, 0.1 }));
        var plot = Path.Combine(run, "loss-curves-quadratic");
        Assert.Contains($"Loss curves plotted to {plot}.png and {plot}.svg.", result.Error, StringComparison.Ordinal);
        Assert.Equal(new PngHeader(800, 600), PngHeader.Read(plot + ".png"));
        var svg = XDocument.Load(plot + ".svg").ToString();
        Assert.All(["LSTM", "Adam (lr ", "RMSprop (lr ", "SGD (lr ", "NAG (lr "], label => Assert.Contains(label, svg, StringComparison.Ordinal));
    }

    [Fact]
    public void EvalOfACorruptOptimizerFileNamesTheFile()
    {
        var path = Path.Combine(_folder.Path, "broken.l2lopt");
        File.WriteAllBytes(path, [0xC1, 0x00, 0x13]);

        var result = L2lConsole.Run("eval", "--optimizer", path);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(path, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExperimentWritesTablesPairedComparisonsAndFiguresForEveryOptimizer()
    {
        var results = Path.Combine(_folder.Path, "results");

        var result = L2lConsole.Run("experiment", "quadratic", "--iterations", "3", "--trials", "8", "--tuning-trials", "4", "--engine", "single-process", "--out", results);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("experiment quadratic: 0/", result.Output, StringComparison.Ordinal);
        Assert.Contains("problems optimized (100%)", result.Output, StringComparison.Ordinal);
        var markdown = File.ReadAllText(Path.Combine(results, "results.md"));
        Assert.Contains("l2l experiment quadratic --iterations 3", markdown, StringComparison.Ordinal);
        Assert.All(new[] { "| LSTM | - |", "| Adam |", "| RMSprop |", "| SGD |", "| NAG |" }, row => Assert.Contains(row, markdown, StringComparison.Ordinal));
        var experimentCase = Assert.Single(JsonDocument.Parse(File.ReadAllText(Path.Combine(results, "results.json"))).RootElement.GetProperty("cases").EnumerateArray());
        Assert.All(experimentCase.GetProperty("optimizers").EnumerateArray(), entry => Assert.Equal(101, entry.GetProperty("meanLossPerStep").GetArrayLength()));
        Assert.Contains("Paired on the 8 held-out problems (learned − best tuned baseline; mean and 95 % interval):", markdown, StringComparison.Ordinal);
        Assert.Matches(@"- LSTM, final loss: \S+ \[\S+, \S+\] against (Adam|RMSprop|SGD|NAG): (ahead|level|behind)", markdown);
        Assert.Matches(@"- LSTM, sum of losses: \S+ \[\S+, \S+\] against (Adam|RMSprop|SGD|NAG): (ahead|level|behind)", markdown);
        var paired = experimentCase.GetProperty("paired").EnumerateArray().ToArray();
        Assert.Equal(["finalLoss", "sumOverSteps"], paired.Select(entry => entry.GetProperty("score").GetString()));
        Assert.All(paired, entry => Assert.True(entry.GetProperty("low").GetDouble() <= entry.GetProperty("mean").GetDouble() && entry.GetProperty("mean").GetDouble() <= entry.GetProperty("high").GetDouble(), entry.ToString()));
        Assert.Equal(3, OptimizerFile.Load(Path.Combine(results, "train-lstm", "optimizer.l2lopt")).Info.Iterations);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(results, "quadratic.png")).Take(4));
        Assert.Contains("<svg", File.ReadAllText(Path.Combine(results, "quadratic.svg")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheCifarExperimentWithoutCifarFilesNamesDataAndWritesNothing()
    {
        var results = Path.Combine(_folder.Path, "cifar");

        var result = L2lConsole.Run("experiment", "cifar", "--out", results);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.StartsWith("l2l: --data: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("cifar-10-binary", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(results));
    }

    public void Dispose() => _folder.Dispose();
}
