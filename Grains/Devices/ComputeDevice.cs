using L2LCluster.Contracts;
using TorchSharp;

namespace L2LCluster.Grains.Devices;

/// <summary>A device of this silo: what the cluster sees of it, the torch device, and its executor thread.</summary>
public sealed record ComputeDevice(DeviceInfo Info, torch.Device TorchDevice, DeviceExecutor Executor);
