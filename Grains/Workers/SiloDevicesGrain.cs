using L2LCluster.Contracts;
using L2LCluster.Grains.Devices;
using L2LCluster.Grains.Placement;

namespace L2LCluster.Grains;

[SiloBoundPlacement]
public sealed class SiloDevicesGrain(SiloDevices devices) : Grain, ISiloDevicesGrain
{
    public Task<IReadOnlyList<DeviceInfo>> GetDevicesAsync() =>
        Task.FromResult<IReadOnlyList<DeviceInfo>>([.. devices.Devices.Select(device => device.Info)]);
}
