using System.CommandLine;
using System.Globalization;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Runs;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l export RUN</c>: the run's trained optimizer as a file, the run's own optimizer as it stands (its best
/// validated φ if it validates): from its coordinator (on a cluster or a live embedded run) or from its folder. Needs
/// no libtorch.
/// </summary>
internal sealed class ExportCommand
{
    private readonly Argument<string> _run = new("RUN") { Description = "The run's name." };
    private readonly Option<string?> _out = new("--out", "-o") { Description = "The optimizer file to write (default: RUN.l2lopt); an existing file is refused." };

    public Command Build()
    {
        var command = new Command("export", "Write a run's trained optimizer (its best validated φ, or φ as it stands) to an .l2lopt file for LearnedOptimizer.Load.") { _run, _out };
        RunLocation.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var runId = RunLocation.Run(result, _run);
        var path = Path.GetFullPath(result.GetValue(_out) ?? runId.Value + OptimizerFile.Extension);
        InvalidSettingException.ThrowUnless(!File.Exists(path) && !Directory.Exists(path), _out.Name, $"'{path}' already exists; choose a new file so nothing is overwritten.");
        var bytes = await ReadAsync(result, runId, cancellation);
        var contents = OptimizerFile.Deserialize(bytes, $"run {runId}'s optimizer");
        AtomicFile.Write(path, bytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Optimizer of run {runId} ({contents.Info.Problem}, {contents.Info.Iterations} iterations, {contents.Model.Architecture}) written to {path}."));
        return ExitCodes.Success;
    }

    private static async Task<byte[]> ReadAsync(ParseResult result, RunId runId, CancellationToken cancellation)
    {
        await using var cluster = await RunLocation.ConnectAsync(result, runId, cancellation);
        if (cluster is not null)
        {
            return await cluster.Coordinator(runId).GetOptimizerFileAsync()
                ?? throw new InvalidSettingException("RUN", $"the {cluster.Description} has no run named '{runId}'.");
        }

        return RunLocation.LocalFolder(result, runId).Optimizer();
    }
}
