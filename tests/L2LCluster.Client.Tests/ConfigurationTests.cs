using System.Text.Json;

namespace L2LCluster.Client.Tests;

/// <summary>One configuration model: the family's defaults, then a --spec file, then L2L_* variables, then flags.</summary>
[Trait("Category", "Process")]
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void DryRunPrintsTheResolvedSpecAndStartsNothing()
    {
        var result = L2lConsole.Run("train", "--problem", "quadratic", "--iterations", "7", "--out", _folder.File("run"), "--dry-run");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var spec = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("quadratic", spec.GetProperty("problem").GetString());
        Assert.Equal(7, spec.GetProperty("iterations").GetInt32());
        Assert.Equal(128, spec.GetProperty("problems").GetInt32());
        Assert.Equal(0.1, spec.GetProperty("outputScale").GetDouble());
        Assert.False(Directory.Exists(_folder.File("run")));
    }

    [Fact]
    public void FlagsWinOverTheEnvironmentWhichWinsOverTheSpecFileWhichWinsOverTheDefaults()
    {
        var specPath = _folder.File("spec.json");
        File.WriteAllText(specPath, """{ "problem": "quadratic", "iterations": 5, "unroll": 4, "horizon": 8, "seed": 11 }""");
        var environment = new Dictionary<string, string> { ["L2L_UNROLL"] = "2", ["L2L_HORIZON"] = "9", ["L2L_SPEC"] = specPath };

        var result = L2lConsole.Run(environment, "train", "--horizon", "6", "--dry-run");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var spec = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal(6, spec.GetProperty("horizon").GetInt32());
        Assert.Equal(2, spec.GetProperty("unroll").GetInt32());
        Assert.Equal(5, spec.GetProperty("iterations").GetInt32());
        Assert.Equal(11UL, spec.GetProperty("seed").GetUInt64());
        Assert.Equal(128, spec.GetProperty("problems").GetInt32());
    }

    [Fact]
    public void TheDryRunsOutputIsASpecFileThatResolvesToItself()
    {
        var first = L2lConsole.Run("train", "--problem", "quadratic", "--dims", "4", "--lr", "0.01", "--hidden", "8", "--dry-run");
        File.WriteAllText(_folder.File("spec.json"), first.Output);

        var second = L2lConsole.Run("train", "--spec", _folder.File("spec.json"), "--dry-run");

        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(first.Output, second.Output);
    }

    [Theory]
    [InlineData("L2L_UNROLL", "0", "must be positive")]
    [InlineData("L2L_ITERATIONS", "many", "expected type integer")]
    [InlineData("L2L_LOSS_WEIGHTS", "cubic", "allowed: uniform, increasing")]
    [InlineData("L2L_VALIDATE_EVERY", "0", "between 1 and 100000000")]
    public void ABadValueFromTheEnvironmentIsNamedByItsVariable(string variable, string value, string expected)
    {
        var result = L2lConsole.Run(new Dictionary<string, string> { [variable] = value }, "train", "--problem", "quadratic", "--dry-run");

        AssertOneLineError(result, variable, expected);
    }

    [Theory]
    [InlineData("""{ "problem": "quadratic", "unroll": 0 }""", "unroll", "must be positive")]
    [InlineData("""{ "problem": "quadratic", "problemOptions": { "dimensions": 0 } }""", "problemOptions.dimensions", "between 1 and 4096")]
    [InlineData("""{ "problem": "quadratic", "unrol": 3 }""", "unrol", "the spec is not valid")]
    [InlineData("""{ "problem": "nope" }""", "problem", "known problems")]
    [InlineData("""{ "problem": "quadratic", "validation": { "every": 10, "problems": 0 } }""", "validation.problems", "between 1 and 100000")]
    [InlineData("""[1, 2]""", "", "one JSON object")]
    public void ABadFieldOfTheSpecFileIsNamedWithTheFile(string json, string field, string expected)
    {
        var specPath = _folder.File("spec.json");
        File.WriteAllText(specPath, json);

        var result = L2lConsole.Run("train", "--spec", specPath, "--dry-run");

        AssertOneLineError(result, specPath, expected);
        Assert.Contains(field, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateEveryTurnsOnBestCheckpointSelectionWithTwentyProblemsByDefault()
    {
        var result = L2lConsole.Run("train", "--problem", "quadratic", "--validate-every", "50", "--dry-run");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var validation = JsonDocument.Parse(result.Output).RootElement.GetProperty("validation");
        Assert.Equal(50, validation.GetProperty("every").GetInt32());
        Assert.Equal(20, validation.GetProperty("problems").GetInt32());
    }

    [Fact]
    public void ValidationProblemsWithoutValidateEveryIsRefused()
    {
        var result = L2lConsole.Run("train", "--problem", "quadratic", "--validation-problems", "5", "--dry-run");

        AssertOneLineError(result, "--validation-problems", "needs --validate-every");
    }

    [Fact]
    public void AFlagOverridingABadSpecFieldIsAccepted()
    {
        var specPath = _folder.File("spec.json");
        File.WriteAllText(specPath, """{ "problem": "quadratic", "unroll": 0 }""");

        var result = L2lConsole.Run("train", "--spec", specPath, "--unroll", "5", "--dry-run");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(5, JsonDocument.Parse(result.Output).RootElement.GetProperty("unroll").GetInt32());
    }

    private static void AssertOneLineError(ProcessResult result, string setting, string expected)
    {
        Assert.True(result.ExitCode == ExitCodes.InvalidInput, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l: {setting}", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
