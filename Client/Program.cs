using System.CommandLine;
using L2LCluster.Client;
using L2LCluster.Client.Commands;
using L2LCluster.Contracts;
using L2LCluster.Learning;

var root = new RootCommand("l2l: meta-train learned optimizers (Andrychowicz et al., 2016) and compare them with hand-designed ones.")
{
    new TrainCommand().Build(),
    new EvalCommand().Build(),
    new ExperimentCommand().Build(),
    new StatusCommand().Build(),
    new RunControlCommand(resume: false).Build(),
    new RunControlCommand(resume: true).Build(),
};

var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"l2l: {parsed.Errors[0].Message} (see 'l2l {string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? [] : new[] { parsed.CommandResult.Command.Name })} --help')".Replace("l2l  --help", "l2l --help", StringComparison.Ordinal));
    return ExitCodes.InvalidInput;
}

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
