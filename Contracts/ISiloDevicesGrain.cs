namespace L2LCluster.Contracts;

/// <summary>One per silo (keyed by the silo's address, placed on it): the devices the silo offers.</summary>
public interface ISiloDevicesGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<DeviceInfo>> GetDevicesAsync();
}
