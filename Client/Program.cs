using System.CommandLine;
using L2LCluster.Client;
using L2LCluster.Client.Commands;
using L2LCluster.Client.Configuration;
using L2LCluster.Client.Flags;
using L2LCluster.Contracts;
using L2LCluster.Runs;
using L2LCluster.Telemetry;

EnvironmentFlags? flags = null;
var root = new RootCommand("l2l: meta-train learned optimizers (Andrychowicz et al., 2016) and compare them with hand-designed ones. Every flag --some-flag may also come from the environment variable L2L_SOME_FLAG.")
{
    new TrainCommand(option => flags?.SourceOf(option)).Build(),
    new RunsCommand().Build(),
    new StatusCommand().Build(),
    new WatchCommand().Build(),
    new RunControlCommand(resume: false).Build(),
    new RunControlCommand(resume: true).Build(),
    new ExportCommand().Build(),
    new InspectCommand().Build(),
    new EvalCommand().Build(),
    new ExperimentCommand().Build(),
    new BenchCommand().Build(),
    new DashboardCommand().Build(),
};
root.Options.Add(GlobalFlags.TraceConsole);
root.Options.Add(GlobalFlags.TraceFile);
root.Options.Add(GlobalFlags.TraceAllSpans);

flags = EnvironmentFlags.Parse(root, args);
var parsed = flags.Result;
if (parsed.Errors.Count > 0)
{
    var command = parsed.CommandResult.Command == root ? "l2l" : $"l2l {parsed.CommandResult.Command.Name}";
    Console.Error.WriteLine($"l2l: {UnknownCommand.Describe(parsed) ?? flags.FirstError()} (see '{command} --help')");
    return ExitCodes.InvalidInput;
}

// Disposed on the way out, which flushes the spans and metrics still buffered.
using var telemetry = TelemetrySetup.Start("l2l", GlobalFlags.TraceOutputs(parsed));
try
{
    // Ctrl-C cancels the action's token; train then stops after its current iteration and saves what it has.
    return await parsed.InvokeAsync(new InvocationConfiguration
    {
        EnableDefaultExceptionHandler = false,
        ProcessTerminationTimeout = TimeSpan.FromMinutes(1),
    });
}
catch (InvalidSettingException error)
{
    Console.Error.WriteLine($"l2l: {error.Message}");
    return ExitCodes.InvalidInput;
}
catch (InvalidRunException error)
{
    Console.Error.WriteLine($"l2l: {error.Message}");
    return ExitCodes.InvalidInput;
}
catch (Exception error) when (error is not OutOfMemoryException)
{
    // Whatever else goes wrong while working (a full disk, a read-only folder, a cluster gone mid-call) is one line too.
    Console.Error.WriteLine($"l2l: {FirstLine(error)}");
    return ExitCodes.Failure;
}

static string FirstLine(Exception error) => error.Message.Split('\n', 2)[0].Trim();
