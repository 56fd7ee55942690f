using System.CommandLine;
using L2LCluster.Learning;
using L2LCluster.Telemetry;
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

    /// <summary>On the root command, for every command: spans also go to standard error (OTLP goes where OTEL_* say).</summary>
    public static Option<bool> TraceConsole { get; } = new("--trace-console")
    {
        Description = "Print the run's span tree to standard error, one line per span as it ends (traces also go to the OTLP endpoint named by OTEL_EXPORTER_OTLP_ENDPOINT, if set).",
        Recursive = true,
    };

    public static Option<string?> TraceFile { get; } = WithFolderCheck(new("--trace-file")
    {
        Description = "Append the spans to FILE as OTLP-JSON lines (one export request a line), for a trace viewer or the collector's file receiver.",
        Recursive = true,
    });

    public static Option<bool> TraceAllSpans { get; } = new("--trace-all-spans")
    {
        Description = "With --trace-console or --trace-file: Orleans' grain-call spans too, not only the project's.",
        Recursive = true,
    };

    /// <summary>The root's trace flags, read once the command line is parsed.</summary>
    public static TraceOutputs TraceOutputs(ParseResult result) =>
        new(result.GetValue(TraceConsole), result.GetValue(TraceFile) is { Length: > 0 } file ? Path.GetFullPath(file) : null, result.GetValue(TraceAllSpans));

    private static Option<string?> WithFolderCheck(Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { Length: > 0 } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { } folder && !Directory.Exists(folder))
            {
                result.AddError($"{option.Name}: the folder '{folder}' does not exist.");
            }
        });
        return option;
    }

    public static void AddTo(Command command)
    {
        command.Add(Threads);
        command.Add(Device);
    }

    /// <summary>
    /// Sets libtorch's threads (once) and picks the device, before any tensor work; warns on standard error, once, when
    /// the process was started without the setting that keeps TorchSharp's arguments alive.
    /// </summary>
    public static torch.Device ConfigureTorch(ParseResult result)
    {
        TorchSetup.ConfigureOnce(result.GetValue(Threads), "--threads", warning => Console.Error.WriteLine($"l2l: warning: {warning}"));
        return TorchSetup.UsesCuda(result.GetValue(Device)!, "--device") ? torch.CUDA : torch.CPU;
    }
}
