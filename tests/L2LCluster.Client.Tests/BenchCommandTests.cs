using System.Text.Json;

namespace L2LCluster.Client.Tests;

/// <summary><c>l2l bench</c> run as a user runs it, on a workload small enough for a test.</summary>
[Trait("Category", "Process")]
public sealed class BenchCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void BenchReportsTheCeilingThroughputRatioEstimatorsAsynchronousModeAndCoordinatorAsTableAndJson()
    {
        var json = _folder.File("bench.json");

        var result = L2lConsole.Run(
            "bench", "--sections", "ceiling,throughput,estimators,asynchronous,coordinator", "--workloads", "quadratic:16",
            "--iterations", "10", "--warmup", "1", "--repeats", "1", "--ceiling-size", "128", "--json", json);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("quadratic:16", result.Output, StringComparison.Ordinal);
        Assert.Contains("of ceiling", result.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var root = report.RootElement;
        Assert.True(root.GetProperty("ceiling").GetProperty("flopsPerSecond").GetProperty("median").GetDouble() > 0);
        var workload = Assert.Single(root.GetProperty("throughput").EnumerateArray().ToArray());
        Assert.Equal(160, workload.GetProperty("coordinates").GetInt64());
        Assert.True(workload.GetProperty("pairedRatio").GetProperty("median").GetDouble() > 0);
        Assert.True(workload.GetProperty("flopsPerSecond").GetDouble() > 0);
        var asynchronous = root.GetProperty("asynchronous");
        Assert.Equal(3.0, asynchronous.GetProperty("slowdown").GetDouble());
        Assert.True(asynchronous.GetProperty("pairedRatio").GetProperty("median").GetDouble() > 0);
        var workers = root.GetProperty("coordinator").GetProperty("costs").EnumerateArray().Select(cost => cost.GetProperty("workers").GetInt32());
        Assert.Equal([64, 256, 1024], workers);
        var estimators = Assert.Single(root.GetProperty("estimators").EnumerateArray().ToArray());
        Assert.True(estimators.GetProperty("pairedRatio").GetProperty("median").GetDouble() > 0);
        var coordinator = root.GetProperty("coordinator");
        Assert.Equal(["es", "es", "es", "pes", "pes", "pes"], coordinator.GetProperty("evolutionCosts").EnumerateArray().Select(cost => cost.GetProperty("estimator").GetString()));
        Assert.InRange(coordinator.GetProperty("bytesPerParticle").GetDouble(), 1, 64);
        Assert.Contains("answer bytes: tbptt", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void OptimizersReportsEachLearnedOptimizersStepAgainstAdamsOnTheSameModel()
    {
        var json = _folder.File("optimizers.json");

        var result = L2lConsole.Run("bench", "--sections", "optimizers", "--repeats", "1", "--iterations", "10", "--json", json);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("ns/coordinate", result.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var costs = report.RootElement.GetProperty("optimizers").EnumerateArray().ToArray();
        Assert.Equal(["LSTM", "MLP", "Adam", "LSTM", "MLP", "Adam"], costs.Select(cost => cost.GetProperty("optimizer").GetString()));
        Assert.All(costs, cost => Assert.True(cost.GetProperty("millisecondsPerStep").GetProperty("median").GetDouble() > 0));
    }

    [Fact]
    public void UsefulnessReportsTunedAdamsTargetAndEveryRepeatsMetaTraining()
    {
        var json = _folder.File("usefulness.json");

        var result = L2lConsole.Run(
            "bench", "--sections", "usefulness", "--workloads", "quadratic:16", "--repeats", "2", "--usefulness-iterations", "50", "--json", json);

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        Assert.Contains("Usefulness: quadratic:16", result.Output, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var usefulness = report.RootElement.GetProperty("usefulness");
        Assert.True(usefulness.GetProperty("adamSum").GetDouble() > 0);
        Assert.Equal(50, usefulness.GetProperty("maxIterations").GetInt32());
        var repeats = usefulness.GetProperty("repeats").EnumerateArray().ToArray();
        Assert.Equal(2, repeats.Length);
        Assert.All(repeats, repeat =>
        {
            Assert.True(repeat.GetProperty("trainingSeconds").GetDouble() > 0);
            Assert.True(repeat.GetProperty("bestSum").GetDouble() > 0);
            if (repeat.TryGetProperty("iterations", out var iterations))
            {
                Assert.InRange(iterations.GetInt32(), 1, 50);
                Assert.True(repeat.GetProperty("bestSum").GetDouble() < usefulness.GetProperty("adamSum").GetDouble());
            }
        });
    }

    [Theory]
    [InlineData(new[] { "bench", "--usefulness-iterations", "0" }, "--usefulness-iterations", "between 1 and 1000000")]
    [InlineData(new[] { "bench", "--workloads", "cubic:8" }, "--workloads", "'cubic' is not a problem family")]
    [InlineData(new[] { "bench", "--workloads", "quadratic:0" }, "--workloads", "between 1 and 1000000")]
    [InlineData(new[] { "bench", "--sections", "speed" }, "--sections", "'speed' is not a section")]
    [InlineData(new[] { "bench", "--ceiling-size", "8" }, "--ceiling-size", "between 64 and 32768")]
    public void ABadBenchSettingGetsOneLineNamingIt(string[] arguments, string setting, string expected)
    {
        var result = L2lConsole.Run(arguments);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
