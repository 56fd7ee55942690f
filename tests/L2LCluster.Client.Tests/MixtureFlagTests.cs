using System.Text.Json;

namespace L2LCluster.Client.Tests;

/// <summary><c>l2l train --mixture FILE --reparam-scale MIN:MAX --normalize-gradient</c>: a run over a distribution of tasks, augmented.</summary>
[Trait("Category", "Process")]
public sealed class MixtureFlagTests : IDisposable
{
    private const string Quadratics = """
        { "components": [ { "family": "quadratic", "weight": 3, "dimensions": [2, 8] }, { "family": "quadratic", "dimensions": [20, 30] } ] }
        """;

    private readonly TempFolder _folder = new();

    [Fact]
    public void MixtureReparamScaleAndNormalizeGradientWriteTheMixtureAndTheAugmentationIntoTheSpec()
    {
        var result = L2lConsole.Run("train", "--mixture", Write("mixture.json", Quadratics), "--reparam-scale", "0.001:1000", "--normalize-gradient", "--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var spec = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("mixture", spec.GetProperty("problem").GetString());
        var components = spec.GetProperty("mixture").GetProperty("components").EnumerateArray().ToArray();
        Assert.Equal([3.0, 1.0], components.Select(component => component.GetProperty("weight").GetDouble()));
        Assert.Equal([20, 30], components[1].GetProperty("dimensions").EnumerateArray().Select(bound => bound.GetInt32()));
        Assert.Equal([0.001, 1000], spec.GetProperty("augmentation").GetProperty("reparamScale").EnumerateArray().Select(bound => bound.GetDouble()));
        Assert.True(spec.GetProperty("augmentation").GetProperty("normalizeGradient").GetBoolean());
        Assert.Equal(128, spec.GetProperty("problems").GetInt32());
    }

    [Fact]
    public void ConditioningGoesIntoTheProblemOptionsEveryQuadraticOfTheMixtureStartsFrom()
    {
        var result = L2lConsole.Run("train", "--mixture", Write("mixture.json", Quadratics), "--conditioning", "10:1e4", "--dry-run");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var conditioning = JsonDocument.Parse(result.Output).RootElement.GetProperty("problemOptions").GetProperty("conditioning");
        Assert.Equal([10.0, 1e4], conditioning.EnumerateArray().Select(bound => bound.GetDouble()));
    }

    [Fact]
    public void AMixtureRunMetaTrainsAlikeOnTheEmbeddedClusterAndTheSingleProcessEngine()
    {
        var mixture = Write("mixture.json", Quadratics);
        string[] MetaLosses(string engine)
        {
            var run = _folder.File(engine);
            var result = L2lConsole.Run("train", "--mixture", mixture, "--reparam-scale", "0.1:10", "--normalize-gradient", "--iterations", "10", "--batch", "6", "--engine", engine, "--out", run);
            Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
            return [.. File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1).Select(line => line.Split(',')[3])];
        }

        var single = MetaLosses("single-process");

        Assert.Equal(10, single.Length);
        Assert.All(single, loss => Assert.True(double.IsFinite(Number(loss)), loss));

        // The same problems: the workers' batches may be of other sizes, so batched products may round differently. From
        // the same φ the first iteration's losses differ by rounding only; the meta-optimizer grows that difference over
        // the iterations (3.5e-5 by the tenth on CI's machine). Other problems would differ from the first on, by far more.
        var embedded = MetaLosses("embedded").Select(Number).ToArray();
        Assert.Equal(Number(single[0]), embedded[0], (x, y) => Math.Abs(x - y) <= 1e-6 * Math.Abs(x));
        Assert.Equal(single.Select(Number), embedded, (x, y) => Math.Abs(x - y) <= 1e-4 * Math.Abs(x));
    }

    [Fact]
    public void EvalOfAMixtureRunComparesOnTheMixtureItsOptimizerWasTrainedOn()
    {
        var run = _folder.File("run");
        var train = L2lConsole.Run("train", "--mixture", Write("mixture.json", Quadratics), "--iterations", "3", "--batch", "4", "--engine", "single-process", "--out", run);
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);

        var result = L2lConsole.Run("eval", "--optimizer", Path.Combine(run, "optimizer.l2lopt"), "--trials", "3", "--tuning-trials", "2", "--steps", "10", "--lr-grid", "0.01,0.1", "--plot", "none", "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var evaluations = JsonDocument.Parse(result.Output).RootElement.EnumerateArray().ToArray();
        Assert.Equal(["LSTM", "Adam", "RMSprop", "SGD", "NAG"], evaluations.Select(evaluation => evaluation.GetProperty("name").GetString()));
        Assert.All(evaluations, evaluation => Assert.True(double.IsFinite(evaluation.GetProperty("finalLoss").GetDouble())));
    }

    [Fact]
    public void EvalOnTheMixtureOfAnOptimizerTrainedOnOneFamilyIsRefusedInOneLine()
    {
        var run = _folder.File("run");
        var train = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "1", "--batch", "2", "--engine", "single-process", "--out", run);
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);

        var result = L2lConsole.Run("eval", "--optimizer", Path.Combine(run, "optimizer.l2lopt"), "--problem", "mixture", "--plot", "none");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--problem", line, StringComparison.Ordinal);
        Assert.Contains("was not trained on one", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--reparam-scale", "10:1", "--reparam-scale", "got [10, 1]")]
    [InlineData("--reparam-scale", "big", "--reparam-scale", "not MIN:MAX")]
    [InlineData("--conditioning", "0.5:10", "--conditioning", "got [0.5, 10]")]
    [InlineData("--conditioning", "ten", "--conditioning", "not MIN:MAX")]
    [InlineData("--mixture", """{ "components": [ { "family": "quadratic", "weight": 0 } ] }""", "mixture.components[0].weight", "positive")]
    [InlineData("--mixture", """{ "components": [ { "family": "quadratic", "dimensions": [9, 3] } ] }""", "mixture.components[0].dimensions", "got [9, 3]")]
    [InlineData("--mixture", """{ "components": [ { "family": "resnet-9000" } ] }""", "mixture.components[0].family", "unknown family 'resnet-9000'")]
    [InlineData("--mixture", """{ "components": [] }""", "mixture.components", "1 to 64 components")]
    public void ABadMixtureOrScaleGetsOneLineNamingTheFlagOrTheField(string flag, string value, string named, string expected)
    {
        var argument = flag == "--mixture" ? Write("bad.json", value) : value;
        var arguments = flag == "--mixture" ? new[] { "train", flag, argument, "--dry-run" } : ["train", "--mixture", Write("mixture.json", Quadratics), flag, argument, "--dry-run"];

        var result = L2lConsole.Run(arguments);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("l2l: ", line, StringComparison.Ordinal);
        Assert.Contains(named, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static double Number(string text) => double.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private string Write(string name, string text)
    {
        var path = _folder.File(name);
        File.WriteAllText(path, text);
        return path;
    }
}
