using L2LCluster.Contracts;
using L2LCluster.Learning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TorchSharp;

namespace L2LCluster.Grains.Devices;

/// <summary>
/// The devices of this silo, discovered once at start: every CUDA device if there is one (or if asked for), else
/// <see cref="DeviceOptions.CpuDevices"/> CPU devices. Each gets its own executor thread.
/// </summary>
public sealed partial class SiloDevices : IDisposable
{
    public SiloDevices(IOptions<DeviceOptions> options, ILocalSiloDetails silo, ILogger<SiloDevices> logger)
    {
        var settings = options.Value;
        TorchSetup.ConfigureOnce(settings.Threads, "Devices:Threads", warning => LogWithoutArgumentLifetime(logger, warning));
        var cuda = TorchSetup.UsesCuda(settings.Kind, "Devices:Kind");
        var siloKey = silo.SiloAddress.ToParsableString();
        Devices = cuda
            ? [.. Enumerable.Range(0, torch.cuda.device_count()).Select(index => Create(siloKey, index, "cuda", $"cuda:{index}", new torch.Device(DeviceType.CUDA, index)))]
            : [.. Enumerable.Range(0, settings.CpuDevices).Select(index => Create(siloKey, index, "cpu", $"cpu ({settings.Threads} thread{(settings.Threads == 1 ? "" : "s")})", torch.CPU))];
    }

    public IReadOnlyList<ComputeDevice> Devices { get; }

    public ComputeDevice Get(int index) => index >= 0 && index < Devices.Count
        ? Devices[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"This silo has {Devices.Count} device(s).");

    public void Dispose()
    {
        foreach (var device in Devices)
        {
            device.Executor.Dispose();
        }
    }

    private static ComputeDevice Create(string silo, int index, string kind, string description, torch.Device device) =>
        new(new DeviceInfo(silo, index, kind, description), device, new DeviceExecutor($"l2l-{kind}-{index}"));

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogWithoutArgumentLifetime(ILogger logger, string warning);
}
