using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace L2LCluster.Benchmarks;

/// <summary>Where the numbers were measured; throughput means nothing without it.</summary>
internal sealed record MachineInfo(
    int ProcessorCount,
    string OperatingSystem,
    string Architecture,
    string Runtime,
    string TorchSharpVersion,
    int TorchThreads,
    string Device)
{
    public string Summary => $"{OperatingSystem} {Architecture}, {ProcessorCount} logical CPUs, {Runtime}, TorchSharp {TorchSharpVersion} on {Device} with {TorchThreads} thread(s)";

    public static MachineInfo Current(Device device) => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.ProcessArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription,
        typeof(torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        torch.get_num_threads(),
        device.type.ToString().ToLowerInvariant());
}
