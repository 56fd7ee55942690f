using System.Text.Json;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Tests;

/// <summary>inspect, export, runs and status on a run folder, as a user runs them after training.</summary>
[Trait("Category", "Process")]
public sealed class RunFileTests(TrainedRun run) : IClassFixture<TrainedRun>, IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public void InspectShowsWhatAnOptimizerFileHolds()
    {
        var result = L2lConsole.Run("inspect", run.File("optimizer.l2lopt"), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var fields = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("learned optimizer", fields.GetProperty("kind").GetString());
        Assert.Equal("l2lcluster/learned-optimizer, schema 1", fields.GetProperty("format").GetString());
        Assert.Equal("LSTM [20, 20]", fields.GetProperty("architecture").GetString());
        Assert.Equal("log-and-sign(p=10)", fields.GetProperty("preprocessing").GetString());
        Assert.StartsWith("5141 float32, L2 norm ", fields.GetProperty("phi").GetString(), StringComparison.Ordinal);
        Assert.Equal(TrainedRun.Iterations, fields.GetProperty("iterations").GetInt32());
        Assert.Equal(2, fields.GetProperty("spec").GetProperty("problems").GetInt32());
    }

    [Fact]
    public void InspectShowsWhereACheckpointStands()
    {
        var result = L2lConsole.Run("inspect", run.File("checkpoint.l2lckpt"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"(?m)^kind +run checkpoint$", result.Output);
        Assert.Matches(@"(?m)^run +trained$", result.Output);
        Assert.Matches(@"(?m)^state +completed$", result.Output);
        Assert.Matches($@"(?m)^iteration +{TrainedRun.Iterations} of {TrainedRun.Iterations}$", result.Output);
        Assert.Matches(@"(?m)^phi +5141 float32, L2 norm [0-9.]+, SHA-256 verified$", result.Output);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("empty")]
    [InlineData("foreign")]
    public void InspectOfABrokenFileIsOneLineNamingIt(string damage)
    {
        var bytes = File.ReadAllBytes(run.File("checkpoint.l2lckpt"));
        var path = _folder.File("broken.l2lckpt");
        File.WriteAllBytes(path, damage switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "flipped" => [.. bytes[..^100], (byte)(bytes[^100] ^ 0xFF), .. bytes[^99..]],
            "empty" => [],
            _ => "iteration,meta_loss\n1,2\n"u8.ToArray(),
        });

        var result = L2lConsole.Run("inspect", path);

        Assert.True(result.ExitCode == ExitCodes.InvalidInput, result.ToString());
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"l2l: {path}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportWritesTheRunsOptimizerAndRefusesToOverwrite()
    {
        var path = _folder.File("exported.l2lopt");

        var result = L2lConsole.Run("export", TrainedRun.Name, "--runs", run.Runs, "--out", path);

        Assert.True(result.ExitCode == 0, result.ToString());
        var exported = OptimizerFile.Load(path);
        Assert.Equal(TrainedRun.Iterations, exported.Info.Iterations);
        Assert.Equal(OptimizerFile.Load(run.File("optimizer.l2lopt")).Model.Parameters, exported.Model.Parameters);
        var again = L2lConsole.Run("export", TrainedRun.Name, "--runs", run.Runs, "--out", path);
        Assert.Equal(ExitCodes.InvalidInput, again.ExitCode);
        Assert.StartsWith("l2l: --out: ", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RunsListsTheLocalRunsWithStateIterationAndMetaLoss()
    {
        var result = L2lConsole.Run("runs", "--runs", run.Runs);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches($@"(?m)^trained +completed +{TrainedRun.Iterations}/{TrainedRun.Iterations} +[0-9.]+ +- +disk$", result.Output);
    }

    [Fact]
    public async Task RunsListsARunWhoseProcessDoesNotAnswerFromItsFolderAndSaysWhyOnStandardError()
    {
        // A process that trains the run (it holds the run's lock: this test does) but whose cluster is not there: the
        // live file names a sleeper's pid and a closed port.
        using var sleeper = new ChildProcess("sleep", ["120"]);
        var runs = _folder.File("runs");
        CopyFolder(run.Folder, Path.Combine(runs, TrainedRun.Name));
        File.WriteAllText(Path.Combine(runs, TrainedRun.Name, "embedded-cluster.json"),
            $$"""{ "gateway": "127.0.0.1:{{FreePorts.Take(1)[0]}}", "clusterId": "gone", "processId": {{sleeper.ProcessId}} }""");
        using var trainer = await RunFolderLock.TryTakeAsync(RunFolder.At(Path.Combine(runs, TrainedRun.Name)), CancellationToken.None);

        var result = L2lConsole.Run("runs", "--runs", runs, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var row = Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray());
        Assert.Equal(("completed", "disk"), (row.GetProperty("state").GetString(), row.GetProperty("where").GetString()));
        Assert.Matches($@"^l2l: RUN: run '{TrainedRun.Name}' is trained by l2l process {sleeper.ProcessId}, whose cluster at 127\.0\.0\.1:\d+ does not answer: .+; its row is what its folder says\.", result.Error);
    }

    [Fact]
    public void ALiveFileLeftByAProcessThatDiedIsStaleEvenWhenItsProcessIdIsTakenAgain()
    {
        // The pid in the file is alive (this very test runner), but nobody holds the run's lock: nothing is reached for.
        var runs = _folder.File("runs");
        CopyFolder(run.Folder, Path.Combine(runs, TrainedRun.Name));
        File.WriteAllText(Path.Combine(runs, TrainedRun.Name, "embedded-cluster.json"),
            $$"""{ "gateway": "127.0.0.1:{{FreePorts.Take(1)[0]}}", "clusterId": "gone", "processId": {{Environment.ProcessId}} }""");

        var result = L2lConsole.Run("runs", "--runs", runs, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("disk", Assert.Single(JsonDocument.Parse(result.Output).RootElement.EnumerateArray()).GetProperty("where").GetString());
        Assert.Empty(result.Error);
    }

    [Theory]
    [InlineData("../../outside/victim")]
    [InlineData("./trained")]
    [InlineData("x/../trained")]
    public void ARunNameThatIsAPathIsRefusedBeforeAnyFileIsRead(string name)
    {
        foreach (var command in new[] { "status", "export", "watch", "stop", "resume" })
        {
            var result = L2lConsole.Run(command, name, "--runs", run.Runs);

            Assert.True(result.ExitCode == ExitCodes.InvalidInput, result.ToString());
            Assert.Equal($"l2l: RUN: '{name}' is not a valid run name: use 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.", result.Error.Trim());
        }
    }

    [Fact]
    public void CommandsOnAnUnknownRunNameIt()
    {
        foreach (var command in new[] { "watch", "status", "export", "stop" })
        {
            var result = L2lConsole.Run(command, "nope", "--runs", run.Runs);

            Assert.True(result.ExitCode == ExitCodes.InvalidInput, result.ToString());
            Assert.StartsWith("l2l: RUN: there is no run named 'nope'", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CommandsThatOnlyReadFilesOrTalkToAClusterNeverLoadLibtorch()
    {
        // The dynamic loader lists every library it loads; the control shows that a run that trains does load libtorch.
        var loaderLog = new Dictionary<string, string> { ["LD_DEBUG"] = "files" };
        string[][] commands =
        [
            ["inspect", run.File("optimizer.l2lopt")],
            ["inspect", run.File("checkpoint.l2lckpt")],
            ["runs", "--runs", run.Runs],
            ["status", TrainedRun.Name, "--runs", run.Runs],
            ["watch", TrainedRun.Name, "--runs", run.Runs],
            ["export", TrainedRun.Name, "--runs", run.Runs, "--out", _folder.File("x.l2lopt")],
            ["train", "--problem", "quadratic", "--dry-run"],
        ];

        foreach (var command in commands)
        {
            var result = L2lConsole.Run(loaderLog, command);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("libtorch", result.Error, StringComparison.OrdinalIgnoreCase);
        }

        var control = L2lConsole.Run(loaderLog, "train", "--problem", "quadratic", "--iterations", "1", "--batch", "1", "--engine", "single-process", "--out", _folder.File("control"));
        Assert.Contains("libtorch_cpu.so", control.Error, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    public void Dispose() => _folder.Dispose();
}
