using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using L2LCluster.Runs.Storage;
using Xunit.Abstractions;

namespace L2LCluster.EndToEnd.Tests;

/// <summary>A run on a cluster of separate silo processes, as a user would drive it with the console.</summary>
[Trait("Category", "EndToEnd")]
public sealed class LocalClusterTests(LocalCluster cluster, ITestOutputHelper output) : IClassFixture<LocalCluster>, IDisposable
{
    private const int Iterations = 400;
    private const int IterationBeforeTheKill = 40;
    private static readonly TimeSpan StatusTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TrainingTimeout = TimeSpan.FromMinutes(4);

    private readonly TempFolder _folder = new();

    [Fact]
    public async Task ARunSurvivesTheKillOfASiloAndItsOptimizerBeatsAdam()
    {
        var outPath = _folder.File("e2e");
        using var train = L2lConsole.Start(
            cluster.ClientEnvironment,
            "train", "--cluster", cluster.Endpoint, "--run", "e2e", "--problem", "quadratic", "--iterations", Text(Iterations), "--batch", "48",
            "--checkpoint-every", "20", "--worker-deadline", "30", "--seed", "5", "--out", outPath);

        var running = await WaitForIterationAsync(train, IterationBeforeTheKill);
        var coordinatorPort = SiloPort(running.GetProperty("coordinatorSilo").GetString()!);
        var victim = Enumerable.Range(0, LocalCluster.Silos).First(index => cluster.SiloPort(index) != coordinatorPort);
        using (var silo = Process.GetProcessById(await cluster.SiloProcessIdAsync(victim)))
        {
            // SIGKILL: the silo leaves nothing behind, as when its machine dies.
            silo.Kill();
        }

        output.WriteLine($"killed silo {victim} at iteration {running.GetProperty("iteration").GetInt32()}; the coordinator is on port {coordinatorPort}");

        var trained = await train.WaitAsync(TrainingTimeout);
        Assert.True(trained.ExitCode == 0, $"l2l train: {trained}{Environment.NewLine}{cluster.LogTails()}");

        var reported = await StatusAsync();
        Assert.True(reported.ExitCode == 0, $"l2l status: {reported}");
        output.WriteLine(reported.Output);
        var status = JsonDocument.Parse(reported.Output).RootElement;
        Assert.Equal("completed", status.GetProperty("state").GetString());
        Assert.Equal(Iterations, status.GetProperty("iteration").GetInt32());
        var victimWorkers = $"127.0.0.1:{Text(cluster.SiloPort(victim))}@";
        var live = status.GetProperty("liveWorkers").EnumerateArray().Select(worker => worker.GetString()!).ToArray();
        var dropped = status.GetProperty("droppedWorkers").EnumerateArray().Select(worker => worker.GetProperty("workerKey").GetString()!).ToArray();
        Assert.DoesNotContain(live, worker => worker.StartsWith(victimWorkers, StringComparison.Ordinal));
        Assert.True(dropped.Any(worker => worker.StartsWith(victimWorkers, StringComparison.Ordinal)) || live.Length == LocalCluster.Silos - 1, reported.Output);

        var optimizerPath = Path.Combine(outPath, "optimizer.l2lopt");
        var optimizer = OptimizerFile.Load(optimizerPath);
        Assert.Equal(Iterations, optimizer.Info.Iterations);
        Assert.Equal("quadratic", optimizer.Info.Problem);

        var listed = await L2lConsole.RunAsync(cluster.ClientEnvironment, "runs", "--cluster", cluster.Endpoint, "--format", "json");
        Assert.True(listed.ExitCode == 0, $"l2l runs: {listed}");
        var row = Assert.Single(JsonDocument.Parse(listed.Output).RootElement.EnumerateArray(), entry => entry.GetProperty("run").GetString() == "e2e");
        Assert.Equal("completed", row.GetProperty("state").GetString());
        Assert.Equal(Iterations, row.GetProperty("iteration").GetInt32());
        var exportPath = _folder.File("exported.l2lopt");
        var exported = await L2lConsole.RunAsync(cluster.ClientEnvironment, "export", "e2e", "--cluster", cluster.Endpoint, "--out", exportPath);
        Assert.True(exported.ExitCode == 0, $"l2l export: {exported}");
        Assert.Equal(optimizer.Model.Parameters, OptimizerFile.Load(exportPath).Model.Parameters);

        var evaluation = await L2lConsole.RunAsync("eval", "--optimizer", optimizerPath, "--baselines", "adam", "--trials", "64", "--tuning-trials", "32", "--format", "json");
        Assert.True(evaluation.ExitCode == 0, $"l2l eval: {evaluation}");
        var finalLoss = JsonDocument.Parse(evaluation.Output).RootElement.EnumerateArray()
            .ToDictionary(entry => entry.GetProperty("name").GetString()!, entry => entry.GetProperty("finalLoss").GetDouble());
        output.WriteLine($"final loss: LSTM {finalLoss["LSTM"]}, Adam {finalLoss["Adam"]}; dropped workers: {string.Join(", ", dropped)}");
        Assert.True(finalLoss["LSTM"] < finalLoss["Adam"], $"the LSTM's final loss {finalLoss["LSTM"]} is not below Adam's {finalLoss["Adam"]}");
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>Polls l2l status until the run has reached the iteration; fails early if train has ended.</summary>
    private async Task<JsonElement> WaitForIterationAsync(ChildProcess train, int iteration)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StatusTimeout)
        {
            if (train.HasExited)
            {
                Assert.Fail($"l2l train ended before iteration {iteration}: {await train.WaitAsync(StatusTimeout)}");
            }

            // Until the coordinator has the run, status refuses the name.
            var reported = await StatusAsync();
            if (reported.ExitCode == 0)
            {
                var status = JsonDocument.Parse(reported.Output).RootElement;
                if (status.GetProperty("iteration").GetInt32() >= iteration)
                {
                    return status;
                }
            }
        }

        throw new TimeoutException($"run e2e did not reach iteration {iteration} in {StatusTimeout.TotalSeconds:F0} s.");
    }

    private Task<ProcessResult> StatusAsync() => L2lConsole.RunAsync(cluster.ClientEnvironment, "status", "e2e", "--cluster", cluster.Endpoint, "--format", "json");

    /// <summary>The port of a silo address as Orleans writes it: "127.0.0.1:11111@154742624".</summary>
    private static int SiloPort(string siloAddress) =>
        int.Parse(siloAddress[(siloAddress.IndexOf(':', StringComparison.Ordinal) + 1)..siloAddress.IndexOf('@', StringComparison.Ordinal)], CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
