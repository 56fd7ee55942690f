namespace L2LCluster.Grains.Devices;

/// <summary>Which devices a silo offers (configuration section "Devices").</summary>
public sealed class DeviceOptions
{
    public const string Section = "Devices";

    /// <summary>auto (CUDA devices if present, else CPU), cpu or cuda.</summary>
    public string Kind { get; set; } = "auto";

    /// <summary>CPU workers when running on CPU (one executor thread each).</summary>
    public int CpuDevices { get; set; } = 1;

    /// <summary>libtorch intra-op threads of the process (set once).</summary>
    public int Threads { get; set; } = 1;
}
