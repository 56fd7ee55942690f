using System.CommandLine;
using System.Globalization;
using L2LCluster.Client.Clusters;
using L2LCluster.Client.Flags;
using L2LCluster.Client.Output;
using L2LCluster.Client.Runs;
using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Runs.Storage;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l runs</c>: every run with its state, iteration, meta-loss and workers, from a cluster (<c>--cluster</c>) or
/// from the local run store. Needs no libtorch.
/// </summary>
internal sealed class RunsCommand
{
    private readonly Option<string?> _format = new("--format") { Description = "table or json." };

    public Command Build()
    {
        var command = new Command("runs", "List runs with their state, iteration, meta-loss and workers: on a cluster (--cluster) or in the local run store (--runs).") { _format };
        RunLocation.AddTo(command);
        command.SetAction(RunAsync);
        return command;
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var json = ConsoleJson.IsJson(result.GetValue(_format), _format.Name);
        var rows = ClusterFlags.Address(result) is { } address
            ? await FromClusterAsync(address, cancellation)
            : await FromRunStoreAsync(result.GetValue(RunLocation.Runs)!, cancellation);
        Console.Write(json ? ConsoleJson.Serialize(rows) : Table(rows));
        return ExitCodes.Success;
    }

    private static async Task<IReadOnlyList<RunRow>> FromClusterAsync(ClusterAddress address, CancellationToken cancellation)
    {
        await using var cluster = await RemoteCluster.ConnectAsync(address, cancellation);
        var names = await cluster.Grains.GetGrain<IRunCatalogGrain>(0).ListRunsAsync();
        var statuses = await Task.WhenAll(names.OrderBy(name => name.Value, StringComparer.Ordinal).Select(name => cluster.Coordinator(name).GetStatusAsync()));
        return [.. statuses.Select(status => RunRow.FromStatus(status, "cluster"))];
    }

    /// <summary>The run folders under <paramref name="runs"/>; those an l2l process is training are asked for their live status.</summary>
    private static async Task<IReadOnlyList<RunRow>> FromRunStoreAsync(string runs, CancellationToken cancellation)
    {
        if (!Directory.Exists(runs))
        {
            return [];
        }

        var rows = new List<RunRow>();
        foreach (var folder in Directory.EnumerateDirectories(runs).Order(StringComparer.Ordinal).Select(RunFolder.At).Where(folder => folder.HoldsRun))
        {
            rows.Add(LiveRunFile.Read(folder) is { } live
                ? await FromLiveProcessAsync(live, folder, cancellation)
                : RunRow.FromFolder(folder.Summarize()));
        }

        return rows;
    }

    /// <summary>
    /// The run's live status; what its folder says when its process has just ended, or does not answer (then a line on
    /// stderr says so: the other runs are still listed).
    /// </summary>
    private static async Task<RunRow> FromLiveProcessAsync(LiveRunFile live, RunFolder folder, CancellationToken cancellation)
    {
        try
        {
            await using var cluster = await RemoteCluster.ConnectToLiveRunAsync(live, folder, cancellation);
            if (cluster is not null)
            {
                var status = await cluster.Coordinator(RunId.Parse(folder.Name, "RUN")).GetStatusAsync();
                return RunRow.FromStatus(status, $"l2l process {live.ProcessId}");
            }
        }
        catch (InvalidSettingException error)
        {
            Console.Error.WriteLine($"l2l: {error.Message}; its row is what its folder says.");
        }

        return RunRow.FromFolder(folder.Summarize());
    }

    private static string Table(IReadOnlyList<RunRow> rows)
    {
        if (rows.Count == 0)
        {
            return "No runs." + Environment.NewLine;
        }

        var lines = new List<string> { $"{"RUN",-32} {"STATE",-11} {"ITERATION",15} {"META-LOSS",11} {"WORKERS",-17} WHERE" };
        lines.AddRange(rows.Select(row => string.Create(CultureInfo.InvariantCulture,
            $"{row.Run,-32} {row.State,-11} {$"{row.Iteration}/{row.Iterations}",15} {(row.MetaLoss is { } loss ? loss.ToString("G5", CultureInfo.InvariantCulture) : "-"),11} {(row.LiveWorkers is { } live ? $"{live} live, {row.DroppedWorkers} dropped" : "-"),-17} {row.Where}")));
        return string.Join(Environment.NewLine, lines) + Environment.NewLine;
    }
}
