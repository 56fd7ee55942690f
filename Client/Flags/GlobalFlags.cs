using System.CommandLine;
using L2LCluster.Learning;
using TorchSharp;

namespace L2LCluster.Client.Flags;

/// <summary>Flags of every command that runs tensor work.</summary>
internal static class GlobalFlags
{
    public static Option<int> Threads { get; } = new("--threads")
    {
        Description = "libtorch threads (1: the LSTM's small matrix products gain nothing from more).",
        DefaultValueFactory = _ => 1,
    };

    public static Option<string> Device { get; } = new("--device")
    {
        Description = "auto, cpu or cuda.",
        DefaultValueFactory = _ => "auto",
    };

    /// <summary>On the root command, for every command: spans also go to the console (OTLP goes where OTEL_* say).</summary>
    public static Option<bool> TraceConsole { get; } = new("--trace-console")
    {
        Description = "Print every span to the console (traces also go to the OTLP endpoint named by OTEL_EXPORTER_OTLP_ENDPOINT, if set).",
        Recursive = true,
    };

    public static void AddTo(Command command)
    {
        command.Add(Threads);
        command.Add(Device);
    }

    /// <summary>Sets libtorch's threads (once) and picks the device, before any tensor work.</summary>
    public static torch.Device ConfigureTorch(ParseResult result)
    {
        TorchSetup.SetThreadsOnce(result.GetValue(Threads), "--threads");
        return TorchSetup.UsesCuda(result.GetValue(Device)!, "--device") ? torch.CUDA : torch.CPU;
    }
}
