using System.CommandLine;
using L2LCluster.Client.Dashboard;

namespace L2LCluster.Client.Commands;

/// <summary>
/// <c>l2l dashboard</c>: the Aspire dashboard on this machine, until Ctrl-C: point runs and silos at its OTLP port and
/// their traces, metrics and logs appear in the browser. Needs no libtorch, no container and no collector.
/// </summary>
internal sealed class DashboardCommand
{
    public Command Build()
    {
        var command = new Command("dashboard", "Start the Aspire dashboard on 127.0.0.1: runs and silos given OTEL_EXPORTER_OTLP_ENDPOINT show their traces, metrics and logs in the browser. Ctrl-C stops it.");
        foreach (var option in new Option[] { DashboardFlags.Port, DashboardFlags.OtlpPort, DashboardFlags.OtlpHttpPort, DashboardFlags.Path })
        {
            command.Add(option);
        }

        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult result, CancellationToken cancellation)
    {
        var executable = result.GetValue(DashboardFlags.Path) ?? AspireDashboard.BuiltWith ?? "";
        using var dashboard = await AspireDashboard.StartAsync(
            executable, result.GetValue(DashboardFlags.Port), result.GetValue(DashboardFlags.OtlpPort), result.GetValue(DashboardFlags.OtlpHttpPort), TextWriter.Null, cancellation);
        Console.WriteLine($"Aspire dashboard at {dashboard.Url} (traces, metrics, logs; no login: loopback only).");
        Console.WriteLine($"Send it a run's telemetry with OTEL_EXPORTER_OTLP_ENDPOINT={dashboard.OtlpEndpoint}, e.g.:");
        Console.WriteLine($"  OTEL_EXPORTER_OTLP_ENDPOINT={dashboard.OtlpEndpoint} l2l train --problem quadratic");
        Console.WriteLine("Ctrl-C stops it.");
        try
        {
            await dashboard.Exited.WaitAsync(cancellation);
            Console.Error.WriteLine("l2l: the Aspire dashboard stopped on its own.");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
    }
}
