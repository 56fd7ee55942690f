using System.CommandLine;
using L2LCluster.Benchmarks;
using L2LCluster.Learning;

var parsed = BenchmarkCommand.Build().Parse(args);
if (parsed.Errors.Count > 0)
{
    Console.Error.WriteLine($"benchmarks: {parsed.Errors[0].Message} (see --help)");
    return BenchmarkCommand.InvalidInput;
}

try
{
    // Synchronous on purpose: TorchSharp's live-tensor statistics are per thread, so every sample must come from
    // the thread that drives the trainer. The default handler would turn a bad setting into a stack trace.
    return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (InvalidSettingException error)
{
    Console.Error.WriteLine($"benchmarks: {error.Message}");
    return BenchmarkCommand.InvalidInput;
}
