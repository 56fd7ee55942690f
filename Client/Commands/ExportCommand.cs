using System.CommandLine;
using System.Globalization;
using L2LCluster.Client.Runs;
using L2LCluster.Contracts;
using L2LCluster.Grains.Storage;
using L2LCluster.Learning;
using L2LCluster.Learning.Files;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l export RUN</c>: the run's trained optimizer as a file, from its coordinator (on a cluster or a live
/// embedded run) or from its folder (the newer of its checkpoint and its optimizer file). Needs no libtorch.
/// </summary>
internal sealed class ExportCommand
{
    private readonly Argument<string> _run = new("RUN") { Description = "The run's name." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "The optimizer file to write (default: RUN.l2lopt); an existing file is refused." };

    public Command Build()
    {
        var command = new Command("export", "Write a run's trained optimizer (φ as it stands) to an .l2lopt file for LearnedOptimizer.Load.") { _run, _out };
        RunLocation.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var runId = result.GetValue(_run)!;
        var path = Path.GetFullPath(result.GetValue(_out) ?? runId + OptimizerFile.Extension);
        InvalidSettingException.ThrowUnless(!File.Exists(path) && !Directory.Exists(path), "--out", $"'{path}' already exists; choose a new file so nothing is overwritten.");
        var bytes = await ReadAsync(result, runId, cancellation);
        var contents = OptimizerFile.Deserialize(bytes, $"run {runId}'s optimizer");
        AtomicFile.Write(path, bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Optimizer of run {runId} ({contents.Info.Problem}, {contents.Info.Iterations} iterations, {contents.Model.Architecture}) written to {path}."));
        return ExitCodes.Success;
    }

    private static async Task<byte[]> ReadAsync(ParseResult result, string runId, CancellationToken cancellation)
    {
        await using var cluster = await RunLocation.ConnectAsync(result, runId, cancellation);
        if (cluster is not null)
        {
            return await cluster.Grains.GetGrain<ICoordinatorGrain>(runId).GetOptimizerFileAsync()
                ?? throw new InvalidSettingException("RUN", $"the {cluster.Description} has no run named '{runId}'.");
        }

        var folder = RunLocation.LocalFolder(result, runId);
        var optimizerPath = Path.Combine(folder, RunDirectory.OptimizerFileName);
        var checkpointPath = Path.Combine(folder, DirectoryRunStore.CheckpointFile);
        var optimizer = File.Exists(optimizerPath) ? File.ReadAllBytes(optimizerPath) : null;
        var checkpoint = File.Exists(checkpointPath) ? RunCheckpointFormat.Read(File.ReadAllBytes(checkpointPath), checkpointPath) : null;
        if (checkpoint is not null && (optimizer is null || checkpoint.Iteration > OptimizerFile.Deserialize(optimizer, optimizerPath).Info.Iterations))
        {
            return RunOptimizerFile.FromCheckpoint(checkpoint, checkpointPath);
        }

        return optimizer ?? throw new InvalidSettingException("RUN", $"run '{runId}' has neither a checkpoint nor an optimizer file yet in {folder}.");
    }
}
