using L2LCluster.Runs;

namespace L2LCluster.Grains.Devices;

/// <summary>Which devices a silo offers (configuration section "Devices").</summary>
public sealed class DeviceOptions
{
    public const string Section = "Devices";

    public const int MaxCpuDevices = 256;

    public const int MaxThreads = 1024;

    /// <summary>auto (CUDA devices if present, else CPU), cpu or cuda.</summary>
    public string Kind { get; set; } = "auto";

    /// <summary>CPU workers when running on CPU (one executor thread each).</summary>
    public int CpuDevices { get; set; } = 1;

    /// <summary>libtorch intra-op threads of the process (set once).</summary>
    public int Threads { get; set; } = 1;

    /// <summary>Checks every setting; the first bad one is named by its configuration key.</summary>
    public DeviceOptions Validate()
    {
        InvalidSettingException.ThrowUnless(Kind is "auto" or "cpu" or "cuda", $"{Section}:{nameof(Kind)}", $"must be auto, cpu or cuda; got '{Kind}'.");
        InvalidSettingException.ThrowUnless(CpuDevices is >= 1 and <= MaxCpuDevices, $"{Section}:{nameof(CpuDevices)}", $"must be between 1 and {MaxCpuDevices}; got {CpuDevices}.");
        InvalidSettingException.ThrowUnless(Threads is >= 1 and <= MaxThreads, $"{Section}:{nameof(Threads)}", $"must be between 1 and {MaxThreads}; got {Threads}.");
        return this;
    }
}
