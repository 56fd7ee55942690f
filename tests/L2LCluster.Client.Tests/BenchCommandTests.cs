using System.Text.Json;

namespace L2LCluster.Client.Tests;

/// <summary><c>l2l bench</c> run as a user runs it, on a workload small enough for a test.</summary>
[Trait("Category", "Process")]
public sealed class BenchCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void BenchReportsTheCeilingThroughputRatioAsynchronousModeAndCoordinatorAsTableAndJson()
    {
        var json = _folder.File("bench.json");

        var result = L2lConsole.Run(
            "bench", "--sections", "ceiling,throughput,asynchronous,coordinator", "--workloads", "quadratic:16",
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
    }

    [Theory]
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
