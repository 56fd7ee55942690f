using System.Text.Json;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Tests;

/// <summary>
/// A run's folder says the same whatever engine wrote it, and every way to the run's optimizer (its own file,
/// export from its folder) hands out the same one: the run has one home.
/// </summary>
[Trait("Category", "Process")]
public sealed class RunHomeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Runs => _folder.File("runs");

    private string RunFolder(string name) => Path.Combine(Runs, name);

    private void Train(string name, params string[] flags)
    {
        var result = L2lConsole.Run(["train", "--problem", "quadratic", "--batch", "8", "--iterations", "80", "--validate-every", "10", "--validation-problems", "4", "--seed", "3", "--out", RunFolder(name), .. flags]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public void ExportOfAnEmbeddedRunThatValidatedWritesTheBestPhiItsOwnOptimizerHolds()
    {
        Train("e3");
        var exported = _folder.File("e3.l2lopt");

        var result = L2lConsole.Run("export", "e3", "--runs", Runs, "--out", exported);

        Assert.True(result.ExitCode == 0, result.ToString());
        var own = OptimizerFile.Load(Path.Combine(RunFolder("e3"), "optimizer.l2lopt"));
        var written = OptimizerFile.Load(exported);
        Assert.Equal(own.Model.Parameters, written.Model.Parameters);
        Assert.Equal(own.Info.Iterations, written.Info.Iterations);
        Assert.True(own.Info.Iterations < 80, $"the run kept φ of iteration {own.Info.Iterations}, not a validated one");
    }

    [Fact]
    public void ASingleProcessRunThatValidatedIsListedAsCompletedWithAllItsIterations()
    {
        Train("s3", "--engine", "single-process");

        var status = L2lConsole.Run("status", "s3", "--runs", Runs, "--format", "json");
        var runs = L2lConsole.Run("runs", "--runs", Runs, "--format", "json");

        Assert.True(status.ExitCode == 0, status.ToString());
        var folder = JsonDocument.Parse(status.Output).RootElement;
        Assert.Equal(("completed", 80, 80), (folder.GetProperty("state").GetString(), folder.GetProperty("iteration").GetInt32(), folder.GetProperty("iterations").GetInt32()));
        var row = Assert.Single(JsonDocument.Parse(runs.Output).RootElement.EnumerateArray());
        Assert.Equal(("completed", 80), (row.GetProperty("state").GetString(), row.GetProperty("iteration").GetInt32()));
    }

    [Fact]
    public void TheEmbeddedClusterWritesTheSpecAndTheOptimizerIntoTheRunFolderOnce()
    {
        Train("once");

        var folder = RunFolder("once");
        var checkpoint = File.GetLastWriteTimeUtc(Path.Combine(folder, "checkpoint.l2lckpt"));

        // The run store writes them before its last checkpoint; the console, which follows the run, writes nothing after.
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(folder, "optimizer.l2lopt")) <= checkpoint, "optimizer.l2lopt was written after the run's last checkpoint");
        Assert.True(File.GetLastWriteTimeUtc(Path.Combine(folder, "spec.json")) <= checkpoint, "spec.json was written after the run's last checkpoint");
    }

    [Fact]
    public void ExportOfAnInterruptedRunWithParameterGroupsKeepsTheGroupsAndTheirNetworks()
    {
        var data = Directory.CreateDirectory(_folder.File("cifar")).FullName;
        CifarWriter.WriteDataset(data, recordsPerTrainingFile: 4, testRecords: 4);
        var spec = _folder.File("groups.json");
        File.WriteAllText(spec, """{ "parameterGroups": [ { "name": "conv", "segments": ["conv"] }, { "name": "fc", "segments": ["fc"] } ] }""");
        var trained = L2lConsole.Run(
            "train", "--problem", "cifar-conv", "--data", data, "--spec", spec, "--iterations", "2", "--unroll", "2", "--horizon", "4", "--hidden", "4",
            "--minibatch", "4", "--checkpoint-every", "1", "--out", RunFolder("grouped"));
        Assert.True(trained.ExitCode == 0, trained.ToString());
        // A run whose process was killed leaves its checkpoint and no optimizer file: export makes it from the checkpoint.
        var own = OptimizerFile.Load(Path.Combine(RunFolder("grouped"), "optimizer.l2lopt"));
        File.Delete(Path.Combine(RunFolder("grouped"), "optimizer.l2lopt"));
        var exported = _folder.File("grouped.l2lopt");

        var result = L2lConsole.Run("export", "grouped", "--runs", Runs, "--out", exported);

        Assert.True(result.ExitCode == 0, result.ToString());
        var file = OptimizerFile.Load(exported);
        Assert.Equal(["conv", "fc"], file.Model.ParameterGroups.Select(group => group.Name));
        Assert.Equal(own.Model.Parameters, file.Model.Parameters);
    }
}
